package im.switchboard.irc.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.irc.IrcSettings;
import im.switchboard.irc.address.IrcAddress;
import im.switchboard.irc.connection.IrcConnectRequest;
import im.switchboard.irc.connection.IrcServerPolicy;
import im.switchboard.irc.session.IrcUserServerSettings;
import im.switchboard.registration.FieldType;
import im.switchboard.registration.Registration;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** "Configure" on a server's JID: form, round trip through the registration, validation. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConfigureCommandTest {

    private static final String HOST = "irc.example.net";
    private static final IrcServerPolicy POLICY = new IrcServerPolicy(HOST, 6697, true, Optional.empty(), 5,
            Duration.ofSeconds(2), 100);
    private static final Optional<LegacyAddress> SERVER = Optional.of(new IrcAddress.Server(HOST));

    private final IrcSettings settings = new IrcSettings(Optional.empty(), false, Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(30), "v", 10,
            IrcSettings.Formatting.STRIP, Duration.ofMinutes(2), Duration.ofSeconds(30), false, Map.of(HOST, POLICY));
    private final ConfigureCommand command = new ConfigureCommand(() -> settings);
    private final Registration registration = new Registration("romeo@montague.lit", Map.of("nick", "romeo"));

    private static Map<String, String> values(String... pairs) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void offeredOnAllowListedServersOnly() {
        assertTrue(command.appliesTo(SERVER));
        assertFalse(command.appliesTo(Optional.of(new IrcAddress.Server("irc.other.net"))));
        assertFalse(command.appliesTo(Optional.of(new IrcAddress.Channel(HOST, "#chat"))));
        assertFalse(command.appliesTo(Optional.empty()), "the gateway's own JID only in fixed-server mode");
        IrcSettings fixed = new IrcSettings(Optional.of(HOST), false, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMinutes(30), "v", 10, IrcSettings.Formatting.STRIP,
                Duration.ofMinutes(2), Duration.ofSeconds(30), false, Map.of(HOST, POLICY));
        assertTrue(new ConfigureCommand(() -> fixed).appliesTo(Optional.empty()));
    }

    @Test
    void theFormHasSecretFieldsWithoutDefaults() {
        var form = command.form(registration, SERVER);
        for (String name : IrcUserServerSettings.SECRETS) {
            var field = form.field(name).orElseThrow();
            assertEquals(FieldType.TEXT_PRIVATE, field.type());
            assertTrue(field.defaultValue().isEmpty());
        }
        assertEquals(FieldType.BOOLEAN, form.field("always-on").orElseThrow().type());
    }

    @Test
    void roundTrip() throws Exception {
        Registration stored = command.execute(registration, SERVER,
                values("nick", "Romeo_M", "username", "romeo", "realname", "Romeo Montague", "sasl-account", "rm",
                        "auto-join", " #verona, #Mantua ,#verona", "always-on", "1", "forget-passwords", "0"),
                Map.of("sasl-password", Secret.of("nurse"), "nickserv-password", Secret.of("balcony")));
        assertEquals("Romeo_M", stored.fields().get("server.irc.example.net.nick"));
        assertEquals("#verona,#Mantua", stored.fields().get("server.irc.example.net.auto-join"));
        assertEquals("true", stored.fields().get("server.irc.example.net.always-on"));
        assertEquals("nurse", stored.secrets().get("server.irc.example.net.sasl-password").reveal());
        for (String key : stored.fields().keySet()) {
            assertTrue(key.length() <= IrcUserServerSettings.MAX_KEY_LENGTH, key);
        }

        IrcUserServerSettings mine = IrcUserServerSettings.of(stored, HOST);
        assertEquals("Romeo_M", mine.nick());
        assertEquals(List.of("#verona", "#Mantua"), mine.autoJoin());
        assertTrue(mine.alwaysOn());
        assertEquals(List.of(HOST), IrcUserServerSettings.alwaysOnHosts(stored));
        IrcConnectRequest request = mine.connectRequest("romeo@montague.lit", POLICY);
        assertEquals(Optional.of("rm"), request.saslAccount());
        assertEquals("balcony", request.nickservPassword().orElseThrow().reveal());
        assertEquals(Optional.empty(), request.serverPassword());
        assertEquals("Romeo Montague", request.realname());
        assertEquals("Romeo_M", command.currentValues(stored, SERVER).get("nick"));
        assertFalse(command.currentValues(stored, SERVER).containsKey("sasl-password"));

        // empty secrets keep the stored ones; empty fields fall back to the registration's defaults
        Registration again = command.execute(stored, SERVER, values("nick", ""), Map.of());
        assertEquals("nurse", again.secrets().get("server.irc.example.net.sasl-password").reveal());
        assertEquals("romeo", IrcUserServerSettings.of(again, HOST).nick());
        assertFalse(IrcUserServerSettings.of(again, HOST).alwaysOn());

        Registration forgotten = command.execute(again, SERVER, values("forget-passwords", "true"), Map.of());
        assertTrue(forgotten.secrets().isEmpty());
    }

    @Test
    void reconnectNowIsACounterTheSessionNoticesAndTheNoteSaysWhatWaits() throws Exception {
        assertTrue(command.form(registration, SERVER).fields().stream()
                .anyMatch(f -> f.name().equals(ConfigureCommand.RECONNECT_NOW) && f.type() == FieldType.BOOLEAN));
        assertEquals("false", command.currentValues(registration, SERVER).get(ConfigureCommand.RECONNECT_NOW));

        Registration named = command.execute(registration, SERVER, values("realname", "Romeo Montague"),
                Map.of("sasl-password", Secret.of("nurse")));
        assertFalse(IrcUserServerSettings.reconnectRequested(registration, named, HOST));
        String note = command.completedNote(registration, named, SERVER);
        assertTrue(note.contains("a new nick and new channels to join apply now"), note);
        assertTrue(note.contains("User name, real name and passwords (SASL, NickServ, server) cannot change on an "
                + "open IRC connection: they apply at your next connection"), note);
        assertTrue(note.contains("the real name") && note.contains("the SASL account or password")
                && note.contains("Reconnect now"), note);
        assertFalse(note.contains("nurse"), "no secret in the note");

        Registration once = command.execute(named, SERVER, values("realname", "Romeo Montague",
                ConfigureCommand.RECONNECT_NOW, "true"), Map.of());
        assertTrue(IrcUserServerSettings.reconnectRequested(named, once, HOST));
        assertTrue(command.completedNote(named, once, SERVER).endsWith("reconnecting now."));
        Registration twice = command.execute(once, SERVER, values(ConfigureCommand.RECONNECT_NOW, "1"), Map.of());
        assertTrue(IrcUserServerSettings.reconnectRequested(once, twice, HOST), "every request is a change");
        Registration not = command.execute(twice, SERVER, values(ConfigureCommand.RECONNECT_NOW, "false"), Map.of());
        assertFalse(IrcUserServerSettings.reconnectRequested(twice, not, HOST));
        assertFalse(command.currentValues(twice, SERVER).containsKey(IrcUserServerSettings.RECONNECT));
        assertThrows(InvalidAddressException.class, () -> command.execute(registration, SERVER,
                values(ConfigureCommand.RECONNECT_NOW, "soon"), Map.of()));
    }

    @Test
    void defaultsComeFromTheRegistration() {
        IrcUserServerSettings mine = IrcUserServerSettings.of(new Registration("romeo@montague.lit",
                Map.of("nick", "Ro-meo[1]")), HOST);
        assertEquals("Ro-meo[1]", mine.nick());
        assertEquals("romeo1", mine.username());
        assertEquals("Ro-meo[1]", mine.realname());
        assertEquals(Optional.empty(), mine.connectRequest("romeo@montague.lit", POLICY).saslAccount());
    }

    @Test
    void injectionAndBadValuesAreRefusedNamingTheField() {
        // THREATS I1: nothing that could end an IRC line is stored
        for (String evil : List.of("\r", "\n", "\0", "\u2028", "\u2029", "\u0085")) {
            for (String field : List.of("nick", "username", "realname", "sasl-account", "auto-join")) {
                var e = assertThrows(InvalidAddressException.class, () -> command.execute(registration, SERVER,
                        values(field, field.equals("auto-join") ? "#a" + evil + "b" : "a" + evil + "b"), Map.of()));
                assertTrue(e.getMessage().startsWith(field), e.getMessage());
            }
            for (String secret : IrcUserServerSettings.SECRETS) {
                var e = assertThrows(InvalidAddressException.class, () -> command.execute(registration, SERVER,
                        Map.of(), Map.of(secret, Secret.of("pw" + evil + "QUIT"))));
                assertTrue(e.getMessage().startsWith(secret), e.getMessage());
                assertFalse(e.getMessage().contains("pw"), "never echoes a secret");
            }
        }
        assertThrows(InvalidAddressException.class,
                () -> command.execute(registration, SERVER, values("nick", "two words"), Map.of()));
        assertThrows(InvalidAddressException.class,
                () -> command.execute(registration, SERVER, values("auto-join", "#ok,nochannel"), Map.of()));
        assertThrows(InvalidAddressException.class,
                () -> command.execute(registration, SERVER, values("always-on", "perhaps"), Map.of()));
        assertThrows(InvalidAddressException.class,
                () -> command.execute(registration, Optional.of(new IrcAddress.Server("irc.other.net")), Map.of(),
                        Map.of()));
    }
}
