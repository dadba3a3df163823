package im.switchboard.app;

import im.switchboard.app.testing.XmppTestClient;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.IQ;

/**
 * The bridge's "Configure" command (XEP-0050 section 2.4.2, two stages: execute, then complete with the
 * submitted XEP-0004 form) on the IRC server's JID, in raw XML so that any character can be put in a field.
 */
final class IrcCommands {

    private static final Pattern SESSION = Pattern.compile("sessionid=['\"]([^'\"]+)['\"]");

    private IrcCommands() {
    }

    /**
     * Runs Configure on {@code localhost@irc.localhost} with {@code values} (field var -> value, already XML
     * escaped, character references allowed) and returns the reply to the {@code complete} stage.
     */
    static IQ configure(XmppTestClient client, Map<String, String> values) {
        String to = IrcTestGateway.serverJid();
        String id = "cfg-" + System.nanoTime();
        IQ first = client.sendRawIq("<iq type='set' to='" + to + "' id='" + id + "'>"
                + "<command xmlns='http://jabber.org/protocol/commands' node='configure' action='execute'/></iq>",
                id, IrcTestGateway.WAIT);
        String xml = first.toXML().toString();
        if (first.getType() != IQ.Type.result) {
            throw new AssertionError("Configure did not start: " + xml);
        }
        Matcher session = SESSION.matcher(xml);
        if (!session.find()) {
            throw new AssertionError("no sessionid in " + xml);
        }
        StringBuilder fields = new StringBuilder();
        values.forEach((var, value) -> fields.append("<field var='").append(var).append("'><value>").append(value)
                .append("</value></field>"));
        String id2 = id + "-complete";
        return client.sendRawIq("<iq type='set' to='" + to + "' id='" + id2 + "'>"
                + "<command xmlns='http://jabber.org/protocol/commands' node='configure' action='complete' "
                + "sessionid='" + session.group(1) + "'><x xmlns='jabber:x:data' type='submit'>"
                + fields + "</x></command></iq>", id2, IrcTestGateway.WAIT);
    }
}
