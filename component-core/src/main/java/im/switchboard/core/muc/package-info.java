/**
 * Multi-user chat for bridges that declare {@link im.switchboard.core.spi.Capability#ROOMS}: legacy rooms as
 * XEP-0045 rooms ({@code room@domain}, occupants {@code room@domain/nick}).
 *
 * <p>Covered: entering (section 7.2, with the presence order of 7.2.3, history 7.2.14 with XEP-0203 delays and
 * the subject 7.2.15), errors on entering (7.2.6-7.2.11), messages (7.4, reflections with the sender's id),
 * private messages (7.5), presence updates (7.7), nick changes (7.6, status 303), mediated invitations (7.8.2),
 * leaving (7.14), the subject (8.1), kicks and roles (8.2-8.6, status 307), bans and affiliations (9.1-9.7,
 * status 301), admin lists (8.5, 9.2, 9.5, 9.8, 10.5, 10.8: roles and affiliations from the current occupants,
 * the ban list from the network), room configuration (10.2, the muc#roomconfig fields the network can express),
 * status 333 when the legacy connection is lost, XEP-0359 stanza ids, XEP-0410 self-ping and room
 * listings with XEP-0059 paging, and each user's archive of a room (XEP-0313 section 6,
 * {@link im.switchboard.core.muc.MucArchiveHandler}). A {@code /me} body passes unchanged both ways (XEP-0245 is a
 * convention on the body; the bridge maps it to the network's action).
 *
 * <p>Threading: every user's room state lives in their {@link im.switchboard.core.muc.UserRooms}, confined to
 * the user's actor; nothing here is shared between users. Several resources of one user share one legacy join.
 */
package im.switchboard.core.muc;
