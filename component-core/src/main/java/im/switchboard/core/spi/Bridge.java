package im.switchboard.core.spi;

import im.switchboard.config.Config;
import im.switchboard.config.ConfigException;
import im.switchboard.config.Section;
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

    /**
     * The configuration sections this bridge declares (for example {@code [irc]} and {@code [irc-servers.NAME]});
     * the application adds them to its schema, so they are validated with everything else and documented in
     * the configuration reference. None by default.
     */
    default List<Section> configSections() {
        return List.of();
    }

    /**
     * Take the validated configuration, before {@link #addressCodec()} or anything else is asked. Called once,
     * on the gateway's lifecycle thread.
     *
     * @throws ConfigException listing every problem with its key path (values that are valid one by one but not
     *                         together)
     */
    default void configure(Config config) {
    }

    /** The ad-hoc commands (XEP-0050) the bridge offers on its entities; none by default. */
    default List<BridgeCommand> commands() {
        return List.of();
    }

    /**
     * The ephemeral registration of a user who is not registered and joins a room as {@code roomNick}, when the
     * admin lets such users into rooms ({@code [gateway] rooms-for-unregistered}, as Biboumi does). It is never
     * stored; the core opens a session with it for the user's rooms only and closes it with their last room. The
     * bridge puts the nick where its registration form keeps it, so the session reads it as usual. Called on the
     * user's actor thread. The default refuses: the network cannot be used without a registration.
     *
     * @param user the user's normalised bare JID
     * @throws LegacyException to refuse, {@link InvalidAddressException} for a nick the network cannot take
     */
    default Registration guestRegistration(String user, String roomNick) throws LegacyException {
        throw new UnsupportedException("this network needs a registration");
    }

    /** Acquire the network's shared resources (for example an operator-wide SMPP bind). Idempotent. */
    default void start(BridgeContext context) throws LegacyException {
    }

    /**
     * Whether this user's session should stay open while they are offline ("always-on"): the core then opens and
     * connects it when the component starts, keeps it open when the user's last resource goes offline (XEP-0100
     * section 4.5 would close it), leaves rooms only on the XMPP side when resources go away, and rejoins the rooms
     * the user was in after a gateway restart. Asked again after each change of the registration, from any
     * thread: thread-safe, cheap and without I/O. False by default (sessions follow the user's presence).
     */
    default boolean keepsSessionOpen(Registration registration) {
        return false;
    }

    /** Open (not yet connect) the legacy session of one user. Called on that user's actor thread. */
    LegacySession openSession(SessionContext context);

    /** Release what {@link #start(BridgeContext)} acquired. Idempotent. */
    default void stop() {
    }
}
