package im.switchboard.core.register;

import im.switchboard.registration.Registration;

/** Ends a user's legacy session from the gateway's side (implemented by the component's session manager). */
@FunctionalInterface
public interface UserSessions {

    /** Close the user's legacy session; {@code false} when they have none. Never blocks. */
    boolean endSession(String user, String reason);

    /**
     * The stored registration of {@code latest.user()} changed (an update through XEP-0077 or a bridge command):
     * an open legacy session hears of it ({@code LegacySession#registrationChanged}) on the user's actor, after
     * what the user sent before. Never blocks; the default does nothing.
     */
    default void registrationChanged(Registration latest) {
        // nothing to tell by default
    }
}
