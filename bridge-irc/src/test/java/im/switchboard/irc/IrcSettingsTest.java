package im.switchboard.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Config;
import im.switchboard.config.ConfigException;
import im.switchboard.config.ConfigLoader;
import im.switchboard.config.Schema;
import im.switchboard.irc.connection.IrcServerPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code [irc]} and {@code [irc-servers.NAME]} sections, read and cross-checked. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IrcSettingsTest {

    private static final Schema SCHEMA = Schema.of(IrcSettings.IRC, IrcSettings.SERVERS);

    private static IrcSettings read(String toml) {
        return IrcSettings.from(ConfigLoader.parse(toml, SCHEMA, Map.of()));
    }

    @Test
    void defaultsAllowNoServer() {
        IrcSettings settings = read("");
        assertEquals(IrcSettings.defaults(), settings);
        assertTrue(settings.servers().isEmpty());
        assertFalse(settings.rawCommands());
        assertEquals(Optional.empty(), settings.fixedServer());
    }

    @Test
    void aServerEntryWithItsDefaults() {
        IrcSettings settings = read("""
                [irc-servers.libera]
                host = "IRC.Libera.Chat"
                """);
        IrcServerPolicy policy = settings.server("irc.libera.chat").orElseThrow();
        assertEquals(new IrcServerPolicy("irc.libera.chat", 6697, true, Optional.empty(), 5, Duration.ofSeconds(2),
                100), policy);
    }

    @Test
    void everySetting() {
        IrcSettings settings = read("""
                [irc]
                fixed-server = "irc.example.net"
                raw-commands = true
                connect-timeout = "10s"
                reconnect-min-backoff = "1s"
                reconnect-max-backoff = "1m"
                rate-limited-backoff = "1h"
                ctcp-version = "My gateway"
                max-connections-per-user = 3
                formatting = "xep0393"
                list-cache-time = "30s"
                list-timeout = "5s"
                allow-private-addresses = true

                [irc-servers.local]
                host = "irc.example.net"
                port = 6667
                tls = false
                allow-plaintext = true
                webirc-password = "w"
                burst = 10
                line-interval = "500ms"
                max-connections = 7
                """);
        assertEquals(Optional.of("irc.example.net"), settings.fixedServer());
        assertTrue(settings.rawCommands());
        assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(1), settings.reconnectMinBackoff());
        assertEquals(Duration.ofMinutes(1), settings.reconnectMaxBackoff());
        assertEquals(Duration.ofHours(1), settings.rateLimitedBackoff());
        assertEquals("My gateway", settings.ctcpVersion());
        assertEquals(3, settings.maxConnectionsPerUser());
        assertEquals(IrcSettings.Formatting.XEP0393, settings.formatting());
        assertEquals(Duration.ofSeconds(30), settings.listCacheTime());
        assertEquals(Duration.ofSeconds(5), settings.listTimeout());
        assertTrue(settings.allowPrivateAddresses());
        IrcServerPolicy policy = settings.server("irc.example.net").orElseThrow();
        assertEquals(6667, policy.port());
        assertFalse(policy.tls());
        assertEquals("w", policy.webircPassword().orElseThrow().reveal());
        assertEquals(10, policy.burst());
        assertEquals(Duration.ofMillis(500), policy.lineInterval());
        assertEquals(7, policy.maxConnections());
    }

    @Test
    void plaintextNeedsAllowPlaintextAndTheErrorNamesTheKey() {
        // THREATS C4
        ConfigException e = assertThrows(ConfigException.class, () -> read("""
                [irc-servers.local]
                host = "irc.example.net"
                tls = false
                """));
        assertEquals(List.of("irc-servers.local.allow-plaintext"),
                e.problems().stream().map(ConfigException.Problem::keyPath).toList());
    }

    @Test
    void everyCrossCheckIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("""
                [irc]
                fixed-server = "irc.nowhere.net"
                reconnect-min-backoff = "5m"
                reconnect-max-backoff = "1m"

                [irc-servers.a]
                host = "irc.example.net"

                [irc-servers.b]
                host = "IRC.EXAMPLE.NET"

                [irc-servers.c]
                host = "a-very-long-host-name-for-an-irc-server.example.net"
                """));
        assertEquals(List.of("irc-servers.b.host", "irc-servers.c.host", "irc.fixed-server",
                "irc.reconnect-min-backoff"), e.problems().stream().map(ConfigException.Problem::keyPath).toList());
    }

    @Test
    void theWebircPasswordIsNeverPrinted() {
        Config config = ConfigLoader.parse("""
                [irc-servers.a]
                host = "irc.example.net"
                webirc-password = "hunter2"
                """, SCHEMA, Map.of());
        assertFalse(config.describe().contains("hunter2"));
        assertFalse(IrcSettings.from(config).toString().contains("hunter2"));
    }
}
