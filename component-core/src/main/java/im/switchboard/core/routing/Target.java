package im.switchboard.core.routing;

/** What a stanza is addressed to on the component domain. */
public enum Target {
    /** The component domain itself, {@code irc.example.org}. */
    DOMAIN,
    /** A legacy entity, {@code local@irc.example.org} with or without a resource. */
    CONTACT
}
