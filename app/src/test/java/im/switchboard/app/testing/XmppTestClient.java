package im.switchboard.app.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Nonza;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * A logged-in XMPP user for end-to-end tests: a Smack {@link XMPPTCPConnection} to a {@link ProsodyServer} on
 * 127.0.0.1, without TLS (loopback only), that collects every message and presence it receives so a test can
 * await them with a deadline.
 *
 * <p>Received stanzas are kept in arrival order (they are collected by a synchronous Smack listener, which
 * Smack calls in stream order) until a test takes them with one of the {@code await}/{@code poll} methods.
 * Subscription requests are approved automatically ({@link Roster.SubscriptionMode#accept_all}), as a user who
 * adds a gateway would; they are still collected.
 *
 * <p>Threading: all methods are safe to call from any thread.
 */
public final class XmppTestClient implements AutoCloseable {

    static {
        // Smack 4.4.8's StandardExtensionElementProvider asserts that every namespace declaration has a
        // prefix, so an unknown child element with a default namespace (e.g. Prosody's
        // <not-connected xmlns='xmpp:prosody.im/protocol/component'/> inside a stanza error) throws an
        // AssertionError on Smack's reader thread when the JVM runs with -ea, as Surefire and Failsafe do,
        // and the connection silently stops reading. Smack's own assertions are switched off; ours stay on.
        // This must run before those classes are initialised, i.e. before any Smack connection parses input.
        ClassLoader loader = XmppTestClient.class.getClassLoader();
        loader.setPackageAssertionStatus("org.jivesoftware.smack", false);
        loader.setPackageAssertionStatus("org.jivesoftware.smackx", false);
    }

    /** Default wait for replies and connection set-up. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final XMPPTCPConnection connection;
    private final StanzaInbox<Message> messages = new StanzaInbox<>();
    private final StanzaInbox<Presence> presences = new StanzaInbox<>();

    private XmppTestClient(XMPPTCPConnection connection) {
        this.connection = connection;
    }

    /** Logs in as {@code localpart@domain} where domain is the server's main domain. */
    public static XmppTestClient login(ProsodyServer server, String localpart, String password) {
        return login(server, localpart, server.domain(), password);
    }

    /** Logs in as {@code localpart@host}, resource {@code test}. */
    public static XmppTestClient login(ProsodyServer server, String localpart, String host, String password) {
        return login(server, localpart, host, password, "test");
    }

    /**
     * Connects to the server's c2s port on 127.0.0.1 (no DNS lookup, no TLS) and logs in as
     * {@code localpart@host/resource}; initial presence is sent (RFC 6121 §4.2).
     *
     * @throws AssertionError if the connection or the login fails
     */
    public static XmppTestClient login(ProsodyServer server, String localpart, String host, String password,
            String resource) {
        XMPPTCPConnection connection;
        try {
            XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(host)
                    .setHostAddress(LoopbackPorts.loopback())
                    .setPort(server.c2sPort())
                    .setSecurityMode(SecurityMode.disabled)
                    .setUsernameAndPassword(localpart, password)
                    .setResource(resource)
                    .setConnectTimeout((int) DEFAULT_TIMEOUT.toMillis())
                    .build();
            connection = new XMPPTCPConnection(config);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid JID: " + localpart + "@" + host + "/" + resource, e);
        }
        connection.setReplyTimeout(DEFAULT_TIMEOUT.toMillis());
        Roster.getInstanceFor(connection).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        XmppTestClient client = new XmppTestClient(connection);
        connection.addSyncStanzaListener(s -> client.messages.add((Message) s), StanzaTypeFilter.MESSAGE);
        connection.addSyncStanzaListener(s -> client.presences.add((Presence) s), StanzaTypeFilter.PRESENCE);
        try {
            connection.connect().login();
        } catch (SmackException | IOException | XMPPException e) {
            connection.disconnect();
            throw new AssertionError("cannot log in as " + localpart + "@" + host + " on 127.0.0.1:"
                    + server.c2sPort() + ": " + e, e);
        } catch (InterruptedException e) {
            connection.disconnect();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while logging in", e);
        }
        return client;
    }

    /** The underlying connection, for Smack managers (ServiceDiscoveryManager, PingManager, ...). */
    public XMPPTCPConnection connection() {
        return connection;
    }

    /** The full JID this client is bound to. */
    public EntityFullJid jid() {
        return connection.getUser();
    }

    /** The bare JID of this client's account. */
    public EntityBareJid bareJid() {
        return connection.getUser().asEntityBareJid();
    }

    /** Sends a {@code chat} message with {@code body} to {@code to}; returns the stanza sent (with its id). */
    public Message sendMessage(String to, String body) {
        Message message = connection.getStanzaFactory().buildMessageStanza()
                .to(jid(to))
                .ofType(Message.Type.chat)
                .setBody(body)
                .build();
        send(message);
        return message;
    }

    /** Sends any stanza. */
    public void send(Stanza stanza) {
        try {
            connection.sendStanza(stanza);
        } catch (SmackException.NotConnectedException e) {
            throw new AssertionError("not connected: " + bareJidOrNothing(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending", e);
        }
    }

    /**
     * Parses one stanza written as XML ({@code <message/>}, {@code <presence/>} or {@code <iq/>}, in the
     * {@code jabber:client} namespace) and sends it; the server sets {@code from}.
     */
    public void sendXml(String stanzaXml) {
        send(parse(stanzaXml));
    }

    /**
     * Writes {@code xml} into the stream exactly as given, bypassing Smack's stanza parser and writer (which
     * re-serialize extensions and may change character references such as {@code &#13;}): for tests that must
     * control every byte the server receives. The server sets {@code from}; the stanza must be in
     * {@code jabber:client} (the stream's default namespace, so no {@code xmlns} is needed).
     */
    public void sendRawXml(String xml) {
        Nonza raw = new Nonza() {
            @Override
            public String getNamespace() {
                return "jabber:client";
            }

            @Override
            public String getElementName() {
                return "raw";
            }

            @Override
            public CharSequence toXML(XmlEnvironment environment) {
                return xml;
            }
        };
        try {
            connection.sendNonza(raw);
        } catch (SmackException.NotConnectedException e) {
            throw new AssertionError("not connected: " + bareJidOrNothing(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending", e);
        }
    }

    /** {@link #sendRawXml} for an IQ request whose {@code id} is {@code id}; returns its reply. */
    public IQ sendRawIq(String xml, String id, Duration timeout) {
        StanzaCollector collector = connection.createStanzaCollector(
                new AndFilter(StanzaTypeFilter.IQ, new StanzaIdFilter(id)));
        try {
            sendRawXml(xml);
            IQ reply = collector.nextResult(timeout.toMillis());
            if (reply == null) {
                throw new AssertionError("no reply within " + timeout + " to " + xml);
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an IQ reply", e);
        } finally {
            collector.cancel();
        }
    }

    /** Sends presence of {@code type} to {@code to}, e.g. {@code subscribe} to a gateway (RFC 6121 §3.1). */
    public void sendPresence(Presence.Type type, String to) {
        send(connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(jid(to)).build());
    }

    /** Broadcasts available presence (RFC 6121 §4.2). */
    public void sendAvailablePresence() {
        send(connection.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).build());
    }

    /**
     * Sends an IQ request ({@code get} or {@code set}) and returns its reply, which is either a {@code result}
     * or an {@code error} IQ (RFC 6120 §8.2.3: every request gets exactly one of these).
     *
     * @throws AssertionError when no reply arrives within {@code timeout}
     */
    public IQ sendIq(IQ request, Duration timeout) {
        try {
            StanzaCollector collector = connection.createStanzaCollectorAndSend(request);
            try {
                IQ reply = collector.nextResult(timeout.toMillis());
                if (reply == null) {
                    throw new AssertionError("no reply within " + timeout + " to " + request.toXML());
                }
                return reply;
            } finally {
                collector.cancel();
            }
        } catch (SmackException.NotConnectedException e) {
            throw new AssertionError("not connected: " + bareJidOrNothing(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an IQ reply", e);
        }
    }

    /** {@link #sendIq(IQ, Duration)} for an IQ written as XML. */
    public IQ sendIqXml(String iqXml, Duration timeout) {
        Stanza stanza = parse(iqXml);
        if (!(stanza instanceof IQ iq)) {
            throw new IllegalArgumentException("not an <iq/>: " + iqXml);
        }
        return sendIq(iq, timeout);
    }

    /**
     * Takes the first received message that matches, waiting up to {@code timeout}.
     *
     * @throws AssertionError on timeout, listing the messages that did arrive
     */
    public Message awaitMessage(Predicate<? super Message> filter, Duration timeout) {
        return pollMessage(filter, timeout).orElseThrow(
                () -> new AssertionError("no matching message within " + timeout + "; pending: "
                        + describe(messages.snapshot())));
    }

    /** Takes the first received message whose body equals {@code body}. */
    public Message awaitMessageWithBody(String body, Duration timeout) {
        return awaitMessage(m -> body.equals(m.getBody()), timeout);
    }

    /**
     * Takes {@code count} matching messages in arrival order.
     *
     * @throws AssertionError when fewer arrive before {@code timeout}
     */
    public List<Message> awaitMessages(Predicate<? super Message> filter, int count, Duration timeout) {
        List<Message> taken = interruptibly(() -> messages.take(filter, count, timeout));
        if (taken.size() < count) {
            throw new AssertionError("only " + taken.size() + " of " + count + " matching messages within "
                    + timeout + "; pending: " + describe(messages.snapshot()));
        }
        return taken;
    }

    /** Takes the first matching message, or returns empty after {@code timeout} (for "nothing arrives"). */
    public Optional<Message> pollMessage(Predicate<? super Message> filter, Duration timeout) {
        return interruptibly(() -> messages.poll(filter, timeout));
    }

    /**
     * Takes the first received presence that matches, waiting up to {@code timeout}.
     *
     * @throws AssertionError on timeout, listing the presences that did arrive
     */
    public Presence awaitPresence(Predicate<? super Presence> filter, Duration timeout) {
        return pollPresence(filter, timeout).orElseThrow(
                () -> new AssertionError("no matching presence within " + timeout + "; pending: "
                        + describe(presences.snapshot())));
    }

    /** Takes the first matching presence, or returns empty after {@code timeout}. */
    public Optional<Presence> pollPresence(Predicate<? super Presence> filter, Duration timeout) {
        return interruptibly(() -> presences.poll(filter, timeout));
    }

    /** Messages received and not yet taken, oldest first. */
    public List<Message> pendingMessages() {
        return messages.snapshot();
    }

    /** Presences received and not yet taken, oldest first. */
    public List<Presence> pendingPresences() {
        return presences.snapshot();
    }

    /** A predicate on the sender's bare JID, e.g. {@code from("romeo@localhost")}. */
    public static Predicate<Stanza> from(String bareJid) {
        return s -> s.getFrom() != null && s.getFrom().asBareJid().toString().equals(bareJid);
    }

    /** Disconnects (sends unavailable presence and closes the stream). Idempotent. */
    @Override
    public void close() {
        connection.disconnect();
    }

    private static Jid jid(String jid) {
        try {
            return JidCreate.from(jid);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid JID: " + jid, e);
        }
    }

    private static Stanza parse(String xml) {
        try {
            return PacketParserUtils.parseStanza(xml);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse stanza: " + xml, e);
        }
    }

    private String bareJidOrNothing() {
        EntityFullJid user = connection.getUser();
        return user == null ? "(not logged in)" : user.asBareJid().toString();
    }

    private static String describe(List<? extends Stanza> stanzas) {
        if (stanzas.isEmpty()) {
            return "none";
        }
        return stanzas.stream().map(s -> s.toXML().toString()).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private interface Wait<T> {
        T get() throws InterruptedException;
    }

    private static <T> T interruptibly(Wait<T> wait) {
        try {
            return wait.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for stanzas", e);
        }
    }
}
