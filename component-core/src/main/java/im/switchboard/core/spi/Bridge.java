package im.switchboard.core.spi;

import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.List;
import java.util.Set;

/**
 * One legacy network. Found by the core through {@link java.util.ServiceLoader}; one instance serves one
 * component domain.
 *
 * <p>Lifecycle: {@link #start(BridgeContext)} once before any session opens, {@link #stop()} once after every
 * session of this bridge has been closed. Both are called from the gateway's lifecycle thread.
 */
public interface Bridge {

    /** Who this bridge is: network id (the key of its configuration table), disco identity type, name. */
    BridgeInfo info();

    /** What the bridge can do; the core derives the disco#info features from it (XEP-0030). */
    Set<Capability> capabilities();

    /** The only code that parses or prints this network's JID local parts. */
    AddressCodec addressCodec();

    /**
     * What a user fills in to register (XEP-0077 section 3.1). The default asks for nothing beyond consent:
     * a network whose sessions need no credentials.
     */
    default RegistrationForm registrationForm() {
        return new RegistrationForm(info().name() + " registration",
                "Register to use " + info().name() + " through this gateway.", List.of());
    }

    /**
     * Check a registration before it is stored; may really log in to the legacy network. Called off the link's
     * reader thread, once per registration attempt; the values have already passed the form's own checks
     * (declared fields only, lengths, no control characters).
     *
     * @throws LegacyException to refuse: {@link AuthenticationFailedException} for wrong credentials,
     *                         {@link InvalidAddressException} for a bad value, with a text that names the field
     */
    default void validateRegistration(Registration candidate) throws LegacyException {
    }

    /** The ad-hoc commands (XEP-0050) the bridge offers on its entities; none by default. */
    default List<BridgeCommand> commands() {
        return List.of();
    }

    /** Acquire the network's shared resources (for example an operator-wide SMPP bind). Idempotent. */
    default void start(BridgeContext context) throws LegacyException {
    }

    /** Open (not yet connect) the legacy session of one user. Called on that user's actor thread. */
    LegacySession openSession(SessionContext context);

    /** Release what {@link #start(BridgeContext)} acquired. Idempotent. */
    default void stop() {
    }
}
