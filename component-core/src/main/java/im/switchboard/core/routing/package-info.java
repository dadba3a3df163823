/**
 * Dispatch of the stanzas the link reads, by kind and by target: the component domain itself
 * ({@code irc.example.org}) or a legacy entity ({@code local@domain}, with or without a resource).
 *
 * <p>IQ rules (RFC 6120 section 8.2.3): every {@code get}/{@code set} gets exactly one reply, and the reply is
 * an error unless the handler succeeded (Biboumi's error-by-default guard, {@link im.switchboard.core.routing.IqReply});
 * an unknown payload namespace is answered with {@code service-unavailable} (RFC 6120 section 8.4);
 * {@code result}/{@code error} are matched to requests the gateway sent and never answered. Messages and
 * presences of type {@code error} are never answered (no error loops, RFC 6120 section 8.3.1).
 *
 * <p>The router runs on the link's reader thread and never blocks: user work is posted to that user's actor.
 */
package im.switchboard.core.routing;
