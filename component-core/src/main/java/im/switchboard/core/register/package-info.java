/**
 * In-band registration with the gateway: XEP-0077 ({@code jabber:iq:register}) with XEP-0004 data forms, as
 * XEP-0100 section 4.1 (register) and section 4.3 (unregister) use it.
 *
 * <p>{@link im.switchboard.core.register.Registrar} is the one place where a registration is checked (THREATS G1:
 * declared fields only, length caps, no control characters, rate limits), validated by the bridge off the link's
 * reader thread, stored atomically (G5) and removed for real (G6). The XEP-0077 IQ handler and the XEP-0050
 * commands both go through it.
 */
package im.switchboard.core.register;
