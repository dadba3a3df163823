package im.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.app.testing.ProsodyServer;
import im.switchboard.app.testing.XmppTestClient;
import im.switchboard.config.Config;
import im.switchboard.config.ConfigLoader;
import im.switchboard.core.history.H2RoomHistory;
import im.switchboard.core.history.HistoryConfig;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.registration.crypto.MasterKey;
import im.switchboard.registration.store.CredentialDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The whole stack of the IRC end-to-end tests: a real Prosody on loopback, a real IRC server (given), and the
 * gateway in this JVM with its encrypted credential store, its room history and an {@code [irc]} configuration
 * that allow-lists the test server as {@code localhost} (so rooms are {@code #chan%localhost@irc.localhost}).
 * Users are Prosody accounts that register with the IRC component through XEP-0077 from Smack.
 *
 * <p>Everything the gateway writes goes under {@link #dataDir()}; its log is the test JVM's DEBUG log file
 * ({@code logback-test.xml}), so a test can search both for secrets (THREATS G2, G3).
 */
final class IrcTestGateway implements AutoCloseable {

    /** The IRC component's domain. */
    static final String DOMAIN = "irc.localhost";
    /** The allow-listed host of the IRC server under test (what users write after {@code %}). */
    static final String HOST = "localhost";
    static final Duration WAIT = Duration.ofSeconds(20);

    private final ProsodyServer prosody;
    private final Gateway gateway;
    private final CredentialDatabase database;
    private final H2RoomHistory history;
    private final Path dataDir;
    private final Map<String, String> passwords;

    private IrcTestGateway(ProsodyServer prosody, Gateway gateway, CredentialDatabase database,
            H2RoomHistory history, Path dataDir, Map<String, String> passwords) {
        this.prosody = prosody;
        this.gateway = gateway;
        this.database = database;
        this.history = history;
        this.dataDir = dataDir;
        this.passwords = passwords;
    }

    /** How the gateway reaches the IRC server. */
    record Target(int port, boolean tls, Optional<Path> caFile) {

        static Target plain(IrcServerProcess irc) {
            return new Target(irc.plainPort(), false, Optional.empty());
        }

        static Target tls(IrcServerProcess irc, Path caFile) {
            return new Target(irc.tlsPort(), true, Optional.of(caFile));
        }
    }

    /**
     * Starts Prosody with {@code users} (password = localpart + "-pw"), then the gateway allow-listing
     * {@code localhost} at {@code target}, plus {@code extraIrcServers} (TOML tables appended verbatim).
     */
    static IrcTestGateway start(Path workDir, Target target, List<String> users, String extraIrcServers)
            throws Exception {
        return start(workDir, target, users, extraIrcServers, false);
    }

    /** The same, with {@code [gateway] rooms-for-unregistered} as given (guests join rooms with their MUC nick). */
    static IrcTestGateway start(Path workDir, Target target, List<String> users, String extraIrcServers,
            boolean guests) throws Exception {
        String secret = "irc-e2e-" + System.nanoTime();
        ProsodyServer.Builder builder = ProsodyServer.builder(workDir.resolve("prosody")).component(DOMAIN, secret);
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : users) {
            passwords.put(user, user + "-pw");
            builder.user(user, "localhost", user + "-pw");
        }
        ProsodyServer prosody = builder.build();
        prosody.start();
        Path dataDir = workDir.resolve("data");
        Files.createDirectories(dataDir);
        Path keyFile = workDir.resolve("keys/master.key");
        Files.createDirectories(keyFile.getParent());
        MasterKey.generate().writeTo(keyFile);
        String server = """
                [irc-servers.test]
                host = "%s"
                port = %d
                tls = %s
                allow-plaintext = %s
                burst = 100
                line-interval = "0s"
                """.formatted(HOST, target.port(), target.tls(), !target.tls())
                + target.caFile().map(f -> "ca-file = \"" + f + "\"\n").orElse("");
        Config config = ConfigLoader.parse("""
                [xmpp]
                host = "127.0.0.1"
                port = %d

                [gateway]
                allowed-domains = ["localhost"]
                mailbox-capacity = 2000
                rooms-for-unregistered = %s

                [store]
                database = "%s"
                master-key-file = "%s"

                [components.irc]
                domain = "%s"
                secret = "%s"

                [irc]
                connect-timeout = "15s"
                reconnect-min-backoff = "200ms"
                reconnect-max-backoff = "1s"

                %s
                %s
                """.formatted(prosody.componentPort(), guests, dataDir.resolve("credentials.mv.db"), keyFile,
                        DOMAIN, secret, server, extraIrcServers),
                SwitchboardSchema.SCHEMA, Map.of());
        MasterKey key = StoreConfig.masterKey(config);
        CredentialDatabase database = CredentialDatabase.open(config.get(StoreConfig.DATABASE), key);
        H2RoomHistory history = H2RoomHistory.open(dataDir.resolve("history.mv.db"), key,
                HistoryConfig.settings(config));
        Gateway gateway = Gateway.plan(config, "9.9.9-test", database::forDomain, history);
        gateway.start();
        return new IrcTestGateway(prosody, gateway, database, history, dataDir, passwords);
    }

    ProsodyServer prosody() {
        return prosody;
    }

    Gateway gateway() {
        return gateway;
    }

    /** Where the credential store and the room history live. */
    Path dataDir() {
        return dataDir;
    }

    /** Logs {@code user} in to Prosody (not yet registered with the gateway). */
    XmppTestClient login(String user) {
        return XmppTestClient.login(prosody, user, passwords.get(user));
    }

    /** Logs in, registers with the IRC component with {@code nick} as default nick (XEP-0077), goes online. */
    XmppTestClient loginRegistered(String user, String nick) {
        XmppTestClient client = login(user);
        Registration request = new Registration(new LinkedHashMap<>(Map.of("nick", nick)));
        request.setType(IQ.Type.set);
        request.setTo(JidCreate.fromOrThrowUnchecked(DOMAIN));
        IQ reply = client.sendIq(request, WAIT);
        assertEquals(IQ.Type.result, reply.getType(), reply.toXML().toString());
        client.sendAvailablePresence();
        return client;
    }

    /**
     * Runs Configure on the test server's JID with {@code values}, then logs the user out of the gateway and in
     * again (XEP-0100 sections 4.5 and 4.4): a legacy session reads the registration when it opens, so settings
     * stored by the command apply from the next session on.
     */
    static void configureAndRelogin(XmppTestClient client, Map<String, String> values) {
        IQ reply = IrcCommands.configure(client, values);
        assertEquals(IQ.Type.result, reply.getType(), reply.toXML().toString());
        client.sendPresence(Presence.Type.unavailable, DOMAIN);
        client.awaitPresence(p -> DOMAIN.equals(p.getFrom().toString()) && p.getType() == Presence.Type.unavailable,
                WAIT);
        client.sendPresence(Presence.Type.available, DOMAIN);
        client.awaitPresence(p -> DOMAIN.equals(p.getFrom().toString()) && p.getType() == Presence.Type.available,
                WAIT);
    }

    /** {@code #chan%localhost@irc.localhost}. */
    static String room(String channel) {
        return channel + "%" + HOST + "@" + DOMAIN;
    }

    /** {@code #chan%localhost@irc.localhost/nick}. */
    static String occupant(String channel, String nick) {
        return room(channel) + "/" + nick;
    }

    /** {@code nick%localhost@irc.localhost}: an IRC user as a contact. */
    static String ircUser(String nick) {
        return nick + "%" + HOST + "@" + DOMAIN;
    }

    /** {@code localhost@irc.localhost}: the IRC server's JID (Configure, notices). */
    static String serverJid() {
        return HOST + "@" + DOMAIN;
    }

    /** Every regular file under the data directory. */
    List<Path> dataFiles() {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(dataDir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Stops the gateway and closes its stores (so their files are complete); Prosody stays up. */
    void stopGateway() {
        gateway.close();
        history.close();
        database.close();
    }

    @Override
    public void close() {
        try {
            stopGateway();
        } finally {
            prosody.close();
        }
    }
}
