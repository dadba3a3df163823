package im.switchboard.core.stanza;

import java.util.ArrayList;
import java.util.List;

/**
 * Size and shape limits for the XML stream (THREATS X5 inbound, X7 outbound).
 *
 * <p>Inbound limits protect the gateway from a hostile or broken server: no single stanza, text node, attribute
 * value or nesting level may make the reader buffer without bound (RFC 6120 section 13.12 asks for such limits).
 * The outbound limit keeps every stanza under the server's component limit: Prosody closes a component
 * stream that sends a stanza over 512 KiB, which would disconnect every user of the gateway (THREATS X7).
 *
 * @param maxInboundStanzaBytes largest first-level element the server may send, in bytes
 * @param maxDepth deepest element nesting inside a stanza (the stanza itself is depth 1)
 * @param maxTextLength longest run of character data in one element, in UTF-16 chars
 * @param maxAttributeLength longest attribute value, in UTF-16 chars
 * @param maxOutboundStanzaBytes largest stanza the gateway writes, in UTF-8 bytes
 */
public record StanzaLimits(int maxInboundStanzaBytes, int maxDepth, int maxTextLength, int maxAttributeLength,
                           int maxOutboundStanzaBytes) {

    /** 500 KiB: safely under Prosody's 512 KiB component stanza limit. */
    public static final int DEFAULT_MAX_OUTBOUND_BYTES = 500 * 1024;

    /** Limits that fit every XMPP payload in common use. */
    public static final StanzaLimits DEFAULTS =
            new StanzaLimits(1024 * 1024, 64, 512 * 1024, 16 * 1024, DEFAULT_MAX_OUTBOUND_BYTES);

    /** Every problem with these limits, empty when they are usable. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (maxInboundStanzaBytes < 1024) {
            problems.add("max inbound stanza bytes must be at least 1024, got " + maxInboundStanzaBytes);
        }
        if (maxDepth < 2) {
            problems.add("max depth must be at least 2, got " + maxDepth);
        }
        if (maxTextLength < 1) {
            problems.add("max text length must be positive, got " + maxTextLength);
        }
        if (maxAttributeLength < 1) {
            problems.add("max attribute length must be positive, got " + maxAttributeLength);
        }
        if (maxOutboundStanzaBytes < 1024) {
            problems.add("max outbound stanza bytes must be at least 1024, got " + maxOutboundStanzaBytes);
        }
        return problems;
    }
}
