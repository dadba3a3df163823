package im.switchboard.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.ConfigLoader;
import im.switchboard.config.Schema;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.BridgeContext;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.connection.IrcConnector;
import im.switchboard.irc.session.ReconnectScheduler;
import im.switchboard.irc.session.SessionSink;
import im.switchboard.registration.Registration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge as the core sees it: info, form, validation, configuration, commands, sessions. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IrcBridgeTest {

    private static final String CONFIG = """
            [irc]
            fixed-server = "irc.example.net"

            [irc-servers.local]
            host = "irc.example.net"
            """;

    private static Registration registration(String nick) {
        return new Registration("romeo@montague.lit", Map.of("nick", nick));
    }

    @Test
    void serviceLoaderFindsIt() {
        assertTrue(ServiceLoader.load(Bridge.class).stream().anyMatch(p -> p.type() == IrcBridge.class));
    }

    @Test
    void infoAndCapabilities() {
        IrcBridge bridge = new IrcBridge();
        assertEquals("irc", bridge.info().id());
        assertEquals("irc", bridge.info().identityType());
        assertEquals("IRC", bridge.info().name());
        assertEquals(Set.of(Capability.ROOMS, Capability.ROOM_LIST, Capability.CHAT_STATES, Capability.ROOM_CONFIG),
                bridge.capabilities());
        assertEquals(List.of(IrcSettings.IRC, IrcSettings.SERVERS), bridge.configSections());
        assertEquals(List.of("configure"), bridge.commands().stream().map(c -> c.node()).toList());
    }

    @Test
    void theFormAsksForANick() {
        var form = new IrcBridge().registrationForm();
        assertTrue(form.field("nick").orElseThrow().required());
        assertTrue(!form.field("username").orElseThrow().required());
        assertTrue(!form.field("realname").orElseThrow().required());
    }

    @Test
    void registrationChecksTheNick() throws Exception {
        IrcBridge bridge = new IrcBridge();
        bridge.validateRegistration(registration("romeo"));
        for (String bad : List.of("", "ro meo", "#romeo", "romeo\r\nQUIT", "a.b", "x,y")) {
            assertThrows(InvalidAddressException.class, () -> bridge.validateRegistration(registration(bad)), bad);
        }
        assertThrows(InvalidAddressException.class, () -> bridge.validateRegistration(new Registration(
                "romeo@montague.lit", Map.of("nick", "romeo", "username", "ro meo"))));
    }

    @Test
    void configurationSetsFixedServerMode() throws Exception {
        IrcBridge bridge = new IrcBridge();
        bridge.configure(ConfigLoader.parse(CONFIG, Schema.of(IrcSettings.IRC, IrcSettings.SERVERS), Map.of()));
        assertEquals(new IrcAddress.Channel("irc.example.net", "#chat"), bridge.addressCodec().decode("#chat"));
        assertTrue(bridge.commands().get(0).appliesTo(java.util.Optional.empty()));
    }

    @Test
    void aSessionIsKeptOpenWhenAnAllowListedServerIsAlwaysOn() throws Exception {
        IrcBridge bridge = new IrcBridge();
        bridge.configure(ConfigLoader.parse(CONFIG, Schema.of(IrcSettings.IRC, IrcSettings.SERVERS), Map.of()));
        assertFalse(bridge.keepsSessionOpen(registration("romeo")));
        assertTrue(bridge.keepsSessionOpen(new Registration("romeo@montague.lit", Map.of("nick", "romeo",
                "server.irc.example.net.always-on", "true"))));
        assertFalse(bridge.keepsSessionOpen(new Registration("romeo@montague.lit", Map.of("nick", "romeo",
                "server.irc.example.net.always-on", "false"))));
        // A server no longer on the admin's allow-list keeps nothing open (THREATS I4).
        assertFalse(bridge.keepsSessionOpen(new Registration("romeo@montague.lit", Map.of("nick", "romeo",
                "server.irc.other.net.always-on", "true"))));
    }

    @Test
    void sessionsUseTheConnectorBuiltAtStart() throws Exception {
        AtomicReference<IrcSettings> seen = new AtomicReference<>();
        IrcConnector refusing = request -> {
            throw new im.switchboard.core.spi.TransientFailureException("connection refused");
        };
        IrcBridge bridge = new IrcBridge(settings -> {
            seen.set(settings);
            return refusing;
        }, (delay, task) -> () -> { }, Clock.systemUTC(), SplittableRandom::new);
        bridge.configure(ConfigLoader.parse(CONFIG, Schema.of(IrcSettings.IRC, IrcSettings.SERVERS), Map.of()));
        bridge.start(new BridgeContext("irc.gw.example"));
        assertEquals(bridge.settings(), seen.get());
        SessionSink sink = new SessionSink();
        LegacySession session = bridge.openSession(new SessionContext(registration("romeo"), sink));
        session.connect();
        assertEquals(List.of(ConnectionState.CONNECTED.name()), sink.states);
        // the connect runs in the background (the actor never waits for it): the join fails with its reason
        session.joinRoom(new im.switchboard.core.spi.RoomJoin(new IrcAddress.Channel("irc.example.net", "#chat"),
                "romeo", java.util.Optional.empty()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sink.joinFailureTexts.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // poll with a deadline
        }
        assertEquals(List.of("Could not connect to irc.example.net: connection refused"), sink.joinFailureTexts);
        session.close();
        bridge.stop();
    }

    @Test
    void aSessionNeedsAStartedBridge() {
        ReconnectScheduler none = (delay, task) -> () -> { };
        IrcBridge bridge = new IrcBridge(settings -> request -> null, none, Clock.systemUTC(), SplittableRandom::new);
        assertThrows(IllegalStateException.class, () -> bridge.openSession(null));
    }

    @Test
    void aGuestRegistrationCarriesTheRoomNickAndNothingElse() throws Exception {
        Registration guest = new IrcBridge().guestRegistration("benvolio@montague.lit", "benvolio");
        assertEquals(new Registration("benvolio@montague.lit", Map.of("nick", "benvolio")), guest);
        // a room nick IRC cannot take is refused (THREATS I1: no space, no line break reaches NICK)
        assertThrows(InvalidAddressException.class,
                () -> new IrcBridge().guestRegistration("benvolio@montague.lit", "ben volio"));
        assertThrows(InvalidAddressException.class,
                () -> new IrcBridge().guestRegistration("benvolio@montague.lit", "ben\r\nQUIT"));
    }
}
