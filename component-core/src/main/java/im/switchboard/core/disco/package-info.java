/**
 * XEP-0030 Service Discovery: {@code disco#info} and {@code disco#items} for the component domain and for
 * legacy contacts. The gateway's identity is {@code gateway/<type>} (XEP-0100 section 5.1 and the XMPP
 * Registrar's {@code gateway} category); the features follow from what the core implements and from the
 * bridge's {@link im.switchboard.core.spi.Capability capabilities}. The same data feeds the XEP-0115 hash.
 */
package im.switchboard.core.disco;
