package im.switchboard.core.register;

/** Ends a user's legacy session from the gateway's side (implemented by the component's session manager). */
@FunctionalInterface
public interface UserSessions {

    /** Close the user's legacy session; {@code false} when they have none. Never blocks. */
    boolean endSession(String user, String reason);
}
