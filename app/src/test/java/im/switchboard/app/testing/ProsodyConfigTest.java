package im.switchboard.app.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProsodyConfigTest {

    private static ProsodyConfig config(List<ProsodyServer.Component> components) {
        return new ProsodyConfig(Path.of("/tmp/work"), "info", 12222, 12347, List.of("localhost", "other.localhost"),
                components, List.of("carbons"));
    }

    @Test
    void listensOnLoopbackOnlyAndFederatesWithNobody() {
        String lua = config(List.of()).render();

        assertTrue(lua.contains("c2s_interfaces = { \"127.0.0.1\" }"), lua);
        assertTrue(lua.contains("c2s_ports = { 12222 }"), lua);
        assertTrue(lua.contains("component_interfaces = { \"127.0.0.1\" }"), lua);
        assertTrue(lua.contains("component_ports = { 12347 }"), lua);
        assertTrue(lua.contains("modules_disabled = { \"s2s\", \"s2s_auth_certs\" }"), lua);
        assertTrue(lua.contains("http_ports = { }"), lua);
        assertFalse(lua.contains("\"limits\""), "the limits module would throttle bulk-message tests");
        assertFalse(lua.contains("\"tls\""), "no certificates on loopback");
    }

    @Test
    void rendersHostsComponentsAndModules() {
        String lua = config(List.of(new ProsodyServer.Component("fake.localhost", "se\"cr\\et"))).render();

        assertTrue(lua.contains("VirtualHost \"localhost\"\nVirtualHost \"other.localhost\"\n"), lua);
        assertTrue(lua.contains("Component \"fake.localhost\"\n    component_secret = \"se\\\"cr\\\\et\"\n"), lua);
        assertTrue(lua.contains("\"carbons\" }"), lua);
        assertTrue(lua.contains("\"" + ProsodyConfig.FIXTURE_MODULE + "\""), lua);
    }

    @Test
    void quotesLuaStringsAndRefusesControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\"", ProsodyConfig.quote("a\"b\\c"));
        assertThrows(IllegalArgumentException.class, () -> ProsodyConfig.quote("line\nbreak"));
    }

    @Test
    void refusesHostsThatAreNotPlainLowerCaseDnsNames() {
        assertThrows(IllegalArgumentException.class, () -> new ProsodyServer.Component("Fake.localhost", "s"));
        assertThrows(IllegalArgumentException.class, () -> new ProsodyServer.Component("fake\".localhost", "s"));
        assertThrows(IllegalArgumentException.class, () -> ProsodyServer.builder(Path.of("/tmp")).virtualHost(""));
    }

    @Test
    void secretsAreMaskedInToString() {
        ProsodyServer.Component component = new ProsodyServer.Component("fake.localhost", "hunter2");
        ProsodyServer.User user = new ProsodyServer.User("romeo", "localhost", "hunter2");

        assertFalse(component.toString().contains("hunter2"), component.toString());
        assertFalse(user.toString().contains("hunter2"), user.toString());
    }
}
