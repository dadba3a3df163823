package im.switchboard.core.spi;

import im.switchboard.registration.Registration;
import java.util.Objects;

/**
 * What a legacy session gets from the core when it is opened.
 *
 * @param registration the user's registration: their normalised bare JID and stored fields
 * @param sink         where the session reports legacy events; thread-safe
 */
public record SessionContext(Registration registration, XmppSink sink) {

    public SessionContext {
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(sink, "sink");
    }

    /** The user's normalised bare JID, for logging and per-user state. */
    public String user() {
        return registration.user();
    }
}
