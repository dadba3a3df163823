/**
 * Stanza errors (RFC 6120 section 8.3): the one mapping from the sealed
 * {@link im.switchboard.core.spi.LegacyException} family to error conditions, and the construction of error
 * replies (RFC 6120 section 8.3.1: swap {@code to}/{@code from}, keep the {@code id}, type {@code error}).
 */
package im.switchboard.core.error;
