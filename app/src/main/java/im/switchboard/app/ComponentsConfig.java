package im.switchboard.app;

import im.switchboard.config.Secret;
import im.switchboard.config.Section;
import im.switchboard.config.Setting;

/**
 * The {@code [components.NAME]} tables: one XEP-0114 component per table, each served by one bridge.
 *
 * <pre>
 * [components.irc]
 * bridge = "irc"              # optional, defaults to the table name
 * domain = "irc.example.org"
 * secret = "..."              # or SWITCHBOARD_COMPONENTS_IRC_SECRET
 * </pre>
 */
final class ComponentsConfig {

    static final Setting<String> BRIDGE = Setting.string("bridge")
            .description("Which bridge serves this component (its network id, e.g. \"irc\"). Default: the "
                    + "table's name.")
            .build();
    static final Setting<String> DOMAIN = Setting.string("domain")
            .required()
            .check(d -> d.indexOf('.') > 0 && !d.contains("@") && !d.contains("/"), "must be a domain name")
            .description("The component domain, exactly as in the XMPP server's Component entry, for example "
                    + "\"irc.example.org\".")
            .build();
    static final Setting<Secret> SECRET = Setting.secret("secret")
            .required()
            .check(s -> !s.isEmpty(), "must not be empty")
            .description("The shared secret of the server's Component entry. Prefer the environment variable.")
            .build();

    static final Section SECTION = Section.named("components",
            "One table per component domain: which bridge serves it and how it authenticates (XEP-0114).",
            BRIDGE, DOMAIN, SECRET);

    private ComponentsConfig() {
    }
}
