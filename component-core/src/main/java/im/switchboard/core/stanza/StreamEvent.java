package im.switchboard.core.stanza;

import org.dom4j.Element;

/** What {@link StreamParser} found in the bytes fed to it, in stream order. */
public sealed interface StreamEvent {

    /**
     * The peer's stream header (RFC 6120 section 4.7). Attribute values are unescaped text.
     *
     * @param id the stream id, or null when absent
     * @param from the from attribute, or null when absent
     */
    record StreamOpened(String id, String from) implements StreamEvent {
    }

    /** One complete first-level child of the stream: a stanza, a handshake or a stream error. */
    record TopElement(Element element) implements StreamEvent {
    }

    /** The peer closed its stream with {@code </stream:stream>} (RFC 6120 section 4.4). */
    record StreamClosed() implements StreamEvent {
    }

    /** The stream broke a rule; nothing follows this event. */
    record Violation(StreamViolationException violation) implements StreamEvent {
    }
}
