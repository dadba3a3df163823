package im.switchboard.core.stanza;

import java.util.Locale;

/**
 * The defined stream error conditions of RFC 6120 section 4.9.3, qualified by
 * {@code urn:ietf:params:xml:ns:xmpp-streams}.
 */
public enum StreamErrorCondition {
    BAD_FORMAT,
    BAD_NAMESPACE_PREFIX,
    CONFLICT,
    CONNECTION_TIMEOUT,
    HOST_GONE,
    HOST_UNKNOWN,
    IMPROPER_ADDRESSING,
    INTERNAL_SERVER_ERROR,
    INVALID_FROM,
    INVALID_NAMESPACE,
    INVALID_XML,
    NOT_AUTHORIZED,
    NOT_WELL_FORMED,
    POLICY_VIOLATION,
    REMOTE_CONNECTION_FAILED,
    RESET,
    RESOURCE_CONSTRAINT,
    RESTRICTED_XML,
    SEE_OTHER_HOST,
    SYSTEM_SHUTDOWN,
    UNDEFINED_CONDITION,
    UNSUPPORTED_ENCODING,
    UNSUPPORTED_FEATURE,
    UNSUPPORTED_STANZA_TYPE,
    UNSUPPORTED_VERSION;

    /** The namespace of stream error conditions (RFC 6120 section 4.9.3). */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-streams";

    /** The element name, e.g. {@code not-well-formed}. */
    public String elementName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The condition named by an element, or {@link #UNDEFINED_CONDITION} for a name RFC 6120 does not define
     * (section 4.9.3.21: unknown conditions are treated as undefined-condition).
     */
    public static StreamErrorCondition fromElementName(String name) {
        if (name == null || name.isEmpty()) {
            return UNDEFINED_CONDITION;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return UNDEFINED_CONDITION;
        }
    }
}
