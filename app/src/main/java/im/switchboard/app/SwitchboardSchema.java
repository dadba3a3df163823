package im.switchboard.app;

import im.switchboard.config.Schema;
import im.switchboard.config.Section;
import im.switchboard.core.GatewayConfig;
import im.switchboard.core.history.HistoryConfig;
import im.switchboard.core.link.LinkConfig;
import im.switchboard.core.spi.Bridge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration section the program knows, in the order the reference documentation shows them: the
 * gateway's own sections, then the sections each installed bridge declares ({@link Bridge#configSections()}),
 * bridges in the order of their network ids.
 */
final class SwitchboardSchema {

    /** The gateway's own sections, before any bridge's. */
    static final List<Section> CORE_SECTIONS = List.of(LinkConfig.SECTION, GatewayConfig.SECTION,
            StoreConfig.SECTION, ComponentsConfig.SECTION, HistoryConfig.SECTION);

    /** The schema of this installation: the core sections and those of every bridge on the class path. */
    static final Schema SCHEMA = forBridges(BridgeCatalog.discover().representatives());

    private SwitchboardSchema() {
    }

    /**
     * The core sections followed by the sections of {@code bridges} (one instance per network id, in the order
     * given). A bridge must return the same {@link Section} instances every time (constants next to its code):
     * they are the keys its {@link Bridge#configure} reads the validated values with.
     *
     * @throws IllegalStateException when a bridge declares a section whose name the core or another bridge
     *                               already uses (the message names both owners)
     */
    static Schema forBridges(List<Bridge> bridges) {
        Map<String, String> owners = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>(CORE_SECTIONS);
        for (Section section : CORE_SECTIONS) {
            owners.put(section.name(), "the gateway");
        }
        for (Bridge bridge : bridges) {
            String owner = "bridge '" + bridge.info().id() + "' (" + bridge.getClass().getName() + ")";
            for (Section section : bridge.configSections()) {
                String previous = owners.putIfAbsent(section.name(), owner);
                if (previous != null) {
                    throw new IllegalStateException("the configuration section [" + section.name() + "] of "
                            + owner + " is already declared by " + previous);
                }
                sections.add(section);
            }
        }
        return Schema.of(sections);
    }
}
