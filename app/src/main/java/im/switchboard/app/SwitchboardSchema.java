package im.switchboard.app;

import im.switchboard.config.Schema;
import im.switchboard.core.GatewayConfig;
import im.switchboard.core.history.HistoryConfig;
import im.switchboard.core.link.LinkConfig;

/** Every configuration section the program knows, in the order the reference documentation shows them. */
final class SwitchboardSchema {

    static final Schema SCHEMA = Schema.of(LinkConfig.SECTION, GatewayConfig.SECTION, StoreConfig.SECTION,
            ComponentsConfig.SECTION, HistoryConfig.SECTION);

    private SwitchboardSchema() {
    }
}
