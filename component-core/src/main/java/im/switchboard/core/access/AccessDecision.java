package im.switchboard.core.access;

import im.switchboard.registration.Registration;
import java.util.Optional;

/** What the gateway may do for one sender. */
public sealed interface AccessDecision {

    /** The sender's domain is not served: {@code forbidden}, and no legacy traffic (THREATS X2). */
    record Forbidden(String user) implements AccessDecision {
    }

    /** The sender's domain is served but they have not registered (XEP-0100 section 4.1). */
    record Unregistered(String user) implements AccessDecision {
    }

    /** A registered user of a served domain. */
    record Registered(Registration registration) implements AccessDecision {
        @Override
        public String user() {
            return registration.user();
        }
    }

    /** The normalised bare JID of the sender. */
    String user();

    /** The registration, when the sender is registered. */
    default Optional<Registration> findRegistration() {
        return this instanceof Registered r ? Optional.of(r.registration()) : Optional.empty();
    }
}
