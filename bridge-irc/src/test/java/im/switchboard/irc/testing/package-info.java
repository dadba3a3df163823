/**
 * Real IRC servers for tests: ngircd and InspIRCd 3 (with Atheme services for SASL) started from their
 * Debian binaries on loopback with a private configuration, a throw-away certificate authority for TLS,
 * a raw line-level IRC client (the "plain IRC client on the IRC side") and a canary listener that counts
 * connection attempts.
 *
 * <p>Shipped in the bridge-irc test-jar so that other modules (the app's end-to-end tests) can use them.
 * The client speaks the message format of RFC 1459/2812 section 2.3 (modern IRC client protocol, "Message
 * format"): lines of at most 512 bytes ending in CR LF; it registers with NICK/USER and waits for
 * {@code RPL_WELCOME} (001), and answers the server's {@code PING} with {@code PONG} (RFC 2812 3.7.2/3.7.3).
 * SASL PLAIN is tested as the IRCv3 {@code sasl} capability describes it (CAP REQ, AUTHENTICATE, 903/904).
 *
 * <p>A server binary that is missing makes the fixture fail (never skip) with the Debian package to install.
 */
package im.switchboard.irc.testing;
