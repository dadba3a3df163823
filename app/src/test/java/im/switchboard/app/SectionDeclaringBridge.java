package im.switchboard.app;

import im.switchboard.config.Config;
import im.switchboard.config.ConfigException;
import im.switchboard.config.Section;
import im.switchboard.config.Setting;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.BridgeInfo;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.core.testing.fake.FakeBridge;
import java.util.List;
import java.util.Set;

/**
 * A bridge that declares its own configuration section {@code [sectioned]} and refuses one value in
 * {@link #configure}; everything else is the fake bridge's. Not in any service file: tests hand it over.
 */
final class SectionDeclaringBridge implements Bridge {

    static final String ID = "sectioned";
    static final Setting<String> GREETING = Setting.string("greeting").defaultValue("hello")
            .description("What the test bridge says.").build();
    static final Section SECTION = Section.of(ID, "A test bridge's own settings.", GREETING);

    private final FakeBridge fake = new FakeBridge();
    private final Section section;
    private String greeting;

    SectionDeclaringBridge() {
        this(SECTION);
    }

    /** A bridge declaring {@code section} instead (to provoke a clash of names). */
    SectionDeclaringBridge(Section section) {
        this.section = section;
    }

    /** What {@link #configure} read, or null before it was called. */
    String greeting() {
        return greeting;
    }

    @Override
    public BridgeInfo info() {
        return new BridgeInfo(ID, "Sectioned test network", "sectioned", "1.0");
    }

    @Override
    public Set<Capability> capabilities() {
        return fake.capabilities();
    }

    @Override
    public AddressCodec addressCodec() {
        if (greeting == null) {
            throw new IllegalStateException("addressCodec() asked before configure()");
        }
        return fake.addressCodec();
    }

    @Override
    public List<Section> configSections() {
        return List.of(section);
    }

    @Override
    public void configure(Config config) {
        String value = config.get(GREETING);
        if (value.equals("forbidden")) {
            throw new ConfigException("test bridge", List.of(new ConfigException.Problem(ID + ".greeting",
                    "must not be \"forbidden\"")));
        }
        this.greeting = value;
    }

    @Override
    public LegacySession openSession(SessionContext context) {
        return fake.openSession(context);
    }
}
