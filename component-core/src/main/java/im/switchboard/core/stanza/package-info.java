/**
 * Stanza-level helpers shared by the link and the services: XML 1.0 character rules
 * (XML 1.0 section 2.2, RFC 6120 section 11), size limits and outbound validation.
 */
package im.switchboard.core.stanza;
