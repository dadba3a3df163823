/**
 * Who is registered with a bridge, and what they registered with.
 *
 * <p>Registrations are keyed by the user's normalised bare JID (THREATS G8). The XEP-0077 protocol
 * handling and the encrypted credential store build on these types.
 */
package im.switchboard.registration;
