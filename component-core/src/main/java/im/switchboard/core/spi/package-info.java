/**
 * The bridge SPI: the one core package a bridge imports.
 *
 * <p>A {@link im.switchboard.core.spi.Bridge} (one per legacy network, found through
 * {@link java.util.ServiceLoader}) describes its network and opens one
 * {@link im.switchboard.core.spi.LegacySession} per registered user. Calls go in two directions and
 * are named after them: XMPP to legacy are imperative ({@code sendMessage}), legacy to XMPP are past-tense
 * facts on the {@link im.switchboard.core.spi.XmppSink} ({@code messageReceived}). Failures are the sealed
 * {@link im.switchboard.core.spi.LegacyException} family, which the core maps to XMPP stanza errors
 * (RFC 6120 section 8.3) in one place.
 *
 * <p>Nothing here mentions XML or a Tinder type: bridges never build stanzas. User JIDs cross this boundary
 * as normalised bare-JID strings, legacy entities as the bridge's own {@link im.switchboard.core.spi.LegacyAddress}
 * records, which only the bridge's {@link im.switchboard.core.spi.AddressCodec} parses or prints.
 *
 * <h2>Threading contract</h2>
 * Every {@link im.switchboard.core.spi.LegacySession} method is called by the core on that user's own actor
 * thread, one call at a time, in the order the user's stanzas arrived. A session may block in those calls
 * (they run on a virtual thread). Legacy I/O threads must not touch session state directly; they call the
 * {@link im.switchboard.core.spi.XmppSink}, which is thread-safe and only posts work.
 */
package im.switchboard.core.spi;
