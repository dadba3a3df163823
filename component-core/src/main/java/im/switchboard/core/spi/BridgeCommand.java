package im.switchboard.core.spi;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.Map;
import java.util.Optional;

/**
 * An ad-hoc command (XEP-0050) that a bridge offers to registered users on its own entities, for example
 * "Configure" on an IRC server's JID. The core runs the XEP-0050 exchange: it lists the command in
 * disco#items of the node {@code http://jabber.org/protocol/commands} of the target JID, sends the form,
 * checks the submitted values against it (as it checks registration forms), passes them here and stores the
 * registration this returns, with its secrets sealed, before it answers {@code completed}.
 *
 * <p>Where values live: {@link #execute} returns the whole registration to store. Store a command's settings under
 * names that no registration form field can have (form field names match {@code [a-z][a-z0-9_-]*}), for example
 * {@code server/irc.example.net/nick}: an XEP-0077 update of the registration keeps those and drops only the
 * registration form's own fields that the form no longer declares.
 *
 * <p>Threading: called under the user's registration lock (the core's registrar), on a virtual thread of the
 * core: never concurrently for one user, and never interleaved with the user's registration, update or
 * unregistration.
 */
public interface BridgeCommand {

    /** The command's node, unique within the bridge, for example {@code configure}. */
    String node();

    /** The human-readable name shown in command lists. */
    String name();

    /**
     * Whether the command is offered on {@code target}; an empty target is the gateway's own domain JID.
     */
    boolean appliesTo(Optional<LegacyAddress> target);

    /**
     * The form to fill in for {@code target}. Field defaults show the user's current values; secret fields
     * never carry a default (an empty secret field submitted means "keep the stored one").
     */
    RegistrationForm form(Registration registration, Optional<LegacyAddress> target);

    /**
     * The current non-secret values of the form's fields for {@code target}, shown as the fields' values.
     */
    Map<String, String> currentValues(Registration registration, Optional<LegacyAddress> target);

    /**
     * Apply the submitted values and return the registration to store. Values have passed the form's checks.
     * Secret fields left empty are absent from {@code secrets}.
     *
     * @throws LegacyException to refuse, with a text naming the field ({@link InvalidAddressException})
     */
    Registration execute(Registration registration, Optional<LegacyAddress> target, Map<String, String> values,
            Map<String, Secret> secrets) throws LegacyException;

    /**
     * The text of the XEP-0050 {@code <note type='info'/>} (section 4.3) sent with {@code completed}, once
     * {@code saved} (what {@link #execute} returned from {@code before}) is stored: for example which settings
     * apply at once and which only at the next connection. No secret may appear in it. Default: "{name}: saved."
     */
    default String completedNote(Registration before, Registration saved, Optional<LegacyAddress> target) {
        return name() + ": saved.";
    }
}
