package im.switchboard.core.testing.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import im.switchboard.core.spi.Bridge;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test-jar registers the FakeBridge for {@link ServiceLoader}, as every bridge registers itself. */
@Timeout(10)
class FakeBridgeServiceLoaderTest {

    @Test
    void serviceLoaderFindsTheFakeBridge() {
        List<Bridge> bridges = ServiceLoader.load(Bridge.class).stream().map(ServiceLoader.Provider::get).toList();
        List<Bridge> fakes = bridges.stream().filter(b -> FakeBridge.ID.equals(b.info().id())).toList();
        assertEquals(1, fakes.size());
        assertSame(FakeNetwork.shared(), ((FakeBridge) fakes.getFirst()).network());
    }
}
