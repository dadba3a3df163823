package im.switchboard.core.testing.fake;

import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.BridgeContext;
import im.switchboard.core.spi.BridgeInfo;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.SessionContext;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference bridge: a {@link FakeNetwork} in memory. Found by {@link java.util.ServiceLoader} when the
 * core's test-jar is on the class path (then it uses {@link FakeNetwork#shared()}).
 */
public final class FakeBridge implements Bridge {

    /** The bridge's network id. */
    public static final String ID = "fake";

    private final FakeNetwork network;
    private final Set<Capability> capabilities;
    private final FakeAddressCodec codec = new FakeAddressCodec();
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();

    /** For {@link java.util.ServiceLoader}: the process-wide network, all capabilities. */
    public FakeBridge() {
        this(FakeNetwork.shared());
    }

    /** A bridge over {@code network} with all capabilities. */
    public FakeBridge(FakeNetwork network) {
        this(network, EnumSet.allOf(Capability.class));
    }

    /** A bridge over {@code network} declaring only {@code capabilities}. */
    public FakeBridge(FakeNetwork network, Set<Capability> capabilities) {
        this.network = Objects.requireNonNull(network, "network");
        this.capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    @Override
    public BridgeInfo info() {
        return new BridgeInfo(ID, "Fake Network", "fake", "1.0");
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public AddressCodec addressCodec() {
        return codec;
    }

    @Override
    public void start(BridgeContext context) {
        starts.incrementAndGet();
    }

    @Override
    public LegacySession openSession(SessionContext context) {
        return new FakeSession(network, context, capabilities.contains(Capability.DELIVERY_RECEIPTS));
    }

    @Override
    public void stop() {
        stops.incrementAndGet();
    }

    /** The network this bridge talks to. */
    public FakeNetwork network() {
        return network;
    }

    /** How often {@link #start} was called. */
    public int startCount() {
        return starts.get();
    }

    /** How often {@link #stop} was called. */
    public int stopCount() {
        return stops.get();
    }
}
