/**
 * The gateway's own XEP-0114 ("Jabber Component Protocol", jabber:component:accept) connector.
 *
 * <p>Why not Whack: it dispatches stanzas on a thread pool (reordering them), drops a stanza whose send
 * fails, and does not reconnect after a clean stream close. {@link im.switchboard.core.link.ComponentLink}
 * has one reader and one writer virtual thread per component domain, keeps order both ways, and reconnects
 * forever.
 *
 * <h2>Protocol notes</h2>
 * <ul>
 *   <li><b>Handshake</b> (XEP-0114 section 3): we send {@code <stream:stream xmlns='jabber:component:accept'
 *       to='component.domain'>}; the server answers with its header carrying the stream id; we send
 *       {@code <handshake>hex(sha1(id + secret))</handshake>} (lowercase, UTF-8, the id unescaped:
 *       {@link im.switchboard.core.link.HandshakeDigest}, THREATS X4); the server replies {@code <handshake/>}
 *       or a stream error. {@code not-authorized} means the secrets differ, {@code host-unknown} that the
 *       server has no Component entry for the domain, {@code conflict} that another instance holds the domain.
 *       At start-up these fail {@link im.switchboard.core.link.ComponentLink#start()} with a message saying what
 *       to fix; later they are retried only at the maximum backoff (THREATS X3).</li>
 *   <li><b>Addresses</b> (XEP-0114 section 3): every stanza written carries 'from' and 'to', and the domain of
 *       'from' is exactly the component domain; a server closes the whole component stream otherwise, so
 *       every stanza is validated before it is queued (THREATS X1, X6, X7) and a bad one is never replayed.</li>
 *   <li><b>Inbound XML</b> (RFC 6120 sections 4.9 and 11): restricted XML, bounded depth, text, attributes and
 *       stanza bytes; any violation is answered with the matching stream error, the connection is closed and
 *       re-established (THREATS X5). See {@link im.switchboard.core.stanza.StreamParser}.</li>
 *   <li><b>Keepalive</b> (XEP-0199): every keepalive interval the link pings the server domain, whatever else
 *       it reads (a server that stops reading from us may keep sending); a result or an error within the timeout
 *       proves the link alive both ways, silence declares it dead (half-open TCP, a stalled peer, THREATS X8). The link consumes its own ping replies. Pings addressed to the component
 *       are ordinary stanzas for the listener.</li>
 *   <li><b>Outage</b>: stanzas sent while the link is down wait in the bounded queue and go out in order after
 *       the next handshake; messages among them carry an XEP-0203 {@code <delay/>} with the time they were
 *       queued. IQ results and errors go out late rather than never: the server does not bounce a request it
 *       delivered before the link broke, so its reply is still owed (RFC 6120 section 8.2.3).</li>
 *   <li><b>Plaintext</b> (THREATS X10): XEP-0114 is unencrypted; a non-loopback server needs
 *       {@link im.switchboard.core.link.TlsMode#DIRECT} or the explicit {@code tunnelled} setting.</li>
 *   <li><b>Closing</b> (RFC 6120 section 4.4): {@code close()} flushes the queue (bounded), sends
 *       {@code </stream:stream>} and waits briefly for the server's closing tag.</li>
 * </ul>
 */
package im.switchboard.core.link;
