/**
 * Users' legacy sessions with XEP-0100 semantics: log in on the first available presence (section 4.4), log
 * out on the last unavailable (section 4.5), presence subscription to the gateway (section 4.1 steps 9-12),
 * messages both ways (sections 4.8 and 5.3), XEP-0085 chat states, XEP-0184 receipts and XEP-0203 delays.
 *
 * <p>Threading: one actor per user ({@link im.switchboard.core.session.UserActor}), a virtual thread draining a
 * bounded mailbox. Every touch of a user's session state happens on it, in the order the user's stanzas arrived;
 * a full mailbox refuses work (THREATS X11) instead of slowing the link. Idle actors end their thread and are
 * started again by the next task. Legacy I/O threads talk to the user through the
 * {@link im.switchboard.core.spi.XmppSink}, which holds no session state beyond an atomic connection state.
 * Everything is keyed by the normalised bare JID (THREATS G8). A user's rooms (XEP-0045) live on the same actor
 * ({@link im.switchboard.core.muc.UserRooms}); the sink posts room facts to it instead of sending directly.
 */
package im.switchboard.core.session;
