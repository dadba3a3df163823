/**
 * The stanza codec shared by the link and the services: XML 1.0 character rules (XML 1.0 section 2.2,
 * {@link im.switchboard.core.stanza.XmlChars}), the incremental restricted-XML stream parser (RFC 6120 sections
 * 4 and 11.1, {@link im.switchboard.core.stanza.StreamParser}), the validating serializer
 * ({@link im.switchboard.core.stanza.StanzaSerializer}), outbound validation against the component domain
 * (XEP-0114 section 3, {@link im.switchboard.core.stanza.OutboundValidator}), size limits
 * ({@link im.switchboard.core.stanza.StanzaLimits}) and XEP-0203 delay stamps
 * ({@link im.switchboard.core.stanza.DelayStamp}).
 */
package im.switchboard.core.stanza;
