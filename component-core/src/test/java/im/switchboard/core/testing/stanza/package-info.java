/**
 * Test fixtures for stanzas: parse literal XML (as in the XEP examples) into Tinder packets, compare packets
 * with expected XML, and a {@link im.switchboard.core.link.StanzaOutput} that records what the core sends.
 */
package im.switchboard.core.testing.stanza;
