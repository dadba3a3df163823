package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import im.switchboard.config.Secret;
import im.switchboard.irc.message.IrcMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * G3: with every logger at TRACE (PircBotX's included, whose INFO logs of every line would show PASS,
 * AUTHENTICATE and IDENTIFY), no secret appears in any log event: message, arguments, exception or MDC.
 */
@Timeout(60)
class SecretsNeverLoggedTest {

    private static final String PASS = "pass-Xyzzy-0001";
    private static final String SASL = "sasl-Xyzzy-0002";
    private static final String NICKSERV = "nickserv-Xyzzy-0003";
    private static final String WEBIRC = "webirc-Xyzzy-0004";
    private static final String TYPED = "typed-Xyzzy-0005";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;
    private ScriptedIrcServer server;

    @BeforeEach
    void capture() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.TRACE);
        appender.start();
        root.addAppender(appender);
        server = new ScriptedIrcServer();
    }

    @AfterEach
    void release() throws Exception {
        root.detachAppender(appender);
        server.close();
    }

    @Test
    void passSaslNickServWebircAndTypedIdentifyNeverReachALog() throws Exception {
        IrcServerPolicy policy = new IrcServerPolicy("irc.test", server.port(), false,
                Optional.of(Secret.of(WEBIRC)), 5, Duration.ZERO, 10);
        PircIrcConnector connector = PircIrcConnectionTest.connector(policy, IrcConnectorSettings.defaults());

        // 1: PASS + SASL PLAIN.
        IrcConnection sasl = connector.create(new IrcConnectRequest("romeo@montague.lit", policy, "romeo", "romeo",
                "Romeo", Optional.of(Secret.of(PASS)), Optional.of("romeo"), Optional.of(Secret.of(SASL)),
                Optional.of(Secret.of(NICKSERV))));
        RecordingListener first = new RecordingListener();
        CompletableFuture<Void> open = PircIrcConnectionTest.openAsync(sasl, first);
        ScriptedIrcServer.Peer peer = server.nextPeer(WAIT);
        peer.await("CAP LS 302");
        peer.send(":irc.test CAP * LS :sasl=PLAIN echo-message");
        peer.await("CAP REQ");
        peer.send(":irc.test CAP * ACK :sasl echo-message");
        peer.await("AUTHENTICATE PLAIN");
        peer.send("AUTHENTICATE +");
        String payload = peer.await("AUTHENTICATE ");
        peer.send(":irc.test 900 romeo romeo!r@h romeo :You are now logged in as romeo");
        peer.send(":irc.test 903 romeo :SASL authentication successful");
        peer.await("CAP END");
        peer.send(":irc.test 001 romeo :Welcome");
        open.get(10, TimeUnit.SECONDS);
        assertTrue(peer.received().contains("PASS " + PASS));
        assertTrue(peer.received().get(0).startsWith("WEBIRC " + WEBIRC + " switchboard "), "WEBIRC first");
        sasl.send(IrcMessage.of("PRIVMSG", "NickServ", "IDENTIFY " + TYPED));
        // echo-message: the server sends our own line back.
        peer.send(":romeo!r@h PRIVMSG NickServ :IDENTIFY " + TYPED);
        peer.send(":romeo!r@h PRIVMSG #verona :public words");
        first.await(m -> m.params().contains("public words"), WAIT);
        sasl.close("bye");

        // 2: NickServ IDENTIFY after 001 when SASL is not offered.
        IrcConnection nickserv = connector.create(new IrcConnectRequest("juliet@capulet.lit", policy, "juliet",
                "juliet", "Juliet", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Secret.of(NICKSERV))));
        CompletableFuture<Void> open2 = PircIrcConnectionTest.openAsync(nickserv, new RecordingListener());
        ScriptedIrcServer.Peer peer2 = server.nextPeer(WAIT);
        peer2.await("CAP LS 302");
        peer2.send(":irc.test CAP * LS :multi-prefix");
        peer2.await("CAP REQ");
        peer2.send(":irc.test CAP * ACK :multi-prefix");
        peer2.await("CAP END");
        peer2.send(":irc.test 001 juliet :Welcome");
        open2.get(10, TimeUnit.SECONDS);
        assertEquals("PRIVMSG NickServ :IDENTIFY " + NICKSERV,
                peer2.await(l -> l.contains("NickServ"), WAIT));
        nickserv.close("bye");

        String saslBase64 = payload.substring("AUTHENTICATE ".length());
        assertEquals("romeo\0romeo\0" + SASL,
                new String(Base64.getDecoder().decode(saslBase64), StandardCharsets.UTF_8));
        List<String> texts = logTexts();
        assertFalse(texts.isEmpty(), "the capture works");
        assertTrue(texts.stream().anyMatch(t -> t.contains("public words")), "TRACE shows ordinary lines");
        for (String secret : List.of(PASS, SASL, NICKSERV, WEBIRC, TYPED, saslBase64)) {
            for (String text : texts) {
                assertFalse(text.contains(secret), () -> "a secret reached the log: " + text.replace(secret, "***"));
            }
        }
    }

    private List<String> logTexts() {
        List<String> out = new ArrayList<>();
        List<ILoggingEvent> events;
        synchronized (appender) {
            // AppenderBase.doAppend holds this lock while it appends.
            events = new ArrayList<>(appender.list);
        }
        for (ILoggingEvent event : events) {
            out.add(event.getFormattedMessage());
            out.add(String.valueOf(event.getMessage()));
            if (event.getArgumentArray() != null) {
                for (Object arg : event.getArgumentArray()) {
                    out.add(String.valueOf(arg));
                }
            }
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                out.add(t.getClassName() + ": " + t.getMessage());
            }
            out.add(String.valueOf(event.getMDCPropertyMap()));
        }
        return out;
    }
}
