/**
 * Who may use the gateway (THREATS X2, G8; XEP-0100 section 4.1 for registration).
 *
 * <p>Only users of configured XMPP domains are served. Domains are compared exactly after Tinder's JID domain
 * preparation (IDNA to ASCII, lower case, RFC 6122 section 2.2), never by prefix, suffix or pattern: a
 * lookalike such as {@code allowed.example.evil.test} is a different domain.
 */
package im.switchboard.core.access;
