package im.switchboard.core.commands;

import im.switchboard.config.Secret;
import im.switchboard.core.commands.AdHocCommand.Audience;
import im.switchboard.core.commands.AdHocCommand.Note;
import im.switchboard.core.commands.AdHocCommand.Step;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.register.DataForms;
import im.switchboard.core.register.FormValidator;
import im.switchboard.core.register.Registrar;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.BridgeCommand;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.dom4j.Element;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.PacketError.Condition;

/**
 * A bridge's {@link BridgeCommand}s as XEP-0050 commands for registered users. The exchange is the two-stage one
 * of XEP-0050 section 2.4.2: {@code execute} answers the bridge's form with the user's current values (secret
 * fields empty, labelled so that the user knows empty keeps the stored value); {@code complete} checks the
 * submitted values with the same rules as registration forms (THREATS G1: declared fields only, length caps, no
 * control characters, booleans and list choices), then the bridge applies them under the user's registration
 * lock ({@link Registrar#update}, so a command never interleaves with a registration change or an
 * unregistration) and the returned registration is stored, secrets sealed, before the answer {@code completed}.
 * A {@link im.switchboard.core.spi.LegacyException} from the bridge becomes the stanza error of the one mapping
 * ({@link im.switchboard.core.error.LegacyErrors}), nothing stored.
 */
public final class BridgeCommands {

    /** Appended to a secret field's label: secrets are never shown back, so an empty one means "unchanged". */
    public static final String KEEP_SECRET = " (leave empty to keep the stored one)";

    private BridgeCommands() {
    }

    /** The bridge's commands over {@code registrar}. */
    public static List<AdHocCommand> all(List<BridgeCommand> commands, Registrar registrar) {
        return commands.stream().<AdHocCommand>map(c -> new Adapter(c, registrar)).toList();
    }

    /**
     * The fields as offered and checked: a secret field is optional (empty keeps the stored secret, and the core
     * cannot know whether one is stored for this target; the bridge refuses when it needs one) and says so.
     */
    static List<FormField> offered(RegistrationForm form) {
        return form.fields().stream().map(f -> f.secret()
                ? new FormField(f.name(), f.type(), f.label() + KEEP_SECRET, f.description(), false, f.maxLength(),
                        f.options(), Optional.empty())
                : f).toList();
    }

    /**
     * A bridge that refuses a submitted value (an invalid address or credentials, named in the text) answers as a
     * refused registration does: {@code not-acceptable} (XEP-0077 section 3.1, XEP-0100 section 4.1 A1); other
     * failures keep the one mapping of {@link im.switchboard.core.error.LegacyErrors}.
     */
    private static Registration refusedValue(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof InvalidAddressException || cause instanceof AuthenticationFailedException) {
            throw new CompletionException(new StanzaErrorException(new StanzaError(Condition.not_acceptable,
                    PacketError.Type.modify, cause.getMessage() == null ? "" : cause.getMessage())));
        }
        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
    }

    private record Adapter(BridgeCommand command, Registrar registrar) implements AdHocCommand {

        @Override
        public String node() {
            return command.node();
        }

        @Override
        public String name() {
            return command.name();
        }

        @Override
        public Audience audience() {
            return Audience.REGISTERED_USER;
        }

        @Override
        public boolean appliesTo(Optional<LegacyAddress> target) {
            return command.appliesTo(target);
        }

        @Override
        public CompletionStage<Step> start(String user) throws StanzaErrorException {
            return start(user, Optional.empty());
        }

        @Override
        public CompletionStage<Step> complete(String user, Map<String, List<String>> values)
                throws StanzaErrorException {
            return complete(user, Optional.empty(), values);
        }

        @Override
        public CompletionStage<Step> start(String user, Optional<LegacyAddress> target) throws StanzaErrorException {
            Registration registration = registration(user);
            RegistrationForm form = command.form(registration, target);
            List<FormField> fields = offered(form);
            String instructions = form.instructions();
            if (fields.stream().anyMatch(FormField::secret)) {
                instructions = (instructions.isEmpty() ? "" : instructions + " ")
                        + "Passwords are never shown: leave a password field empty to keep the stored one.";
            }
            Element x = DataForms.form("form", form.title().isEmpty() ? command.name() : form.title(), instructions);
            DataForms.addFields(x, fields, command.currentValues(registration, target));
            return CompletableFuture.completedFuture(new Step.Form(x));
        }

        @Override
        public CompletionStage<Step> complete(String user, Optional<LegacyAddress> target,
                Map<String, List<String>> submitted) throws StanzaErrorException {
            Registration registration = registration(user);
            RegistrationForm form = command.form(registration, target);
            RegistrationForm checked = new RegistrationForm(form.title(), form.instructions(), offered(form));
            // The same checks as a registration form; the candidate is only the carrier of the checked values.
            Registration values = new FormValidator(checked).candidate(user, submitted, Optional.empty());
            Map<String, String> plain = new LinkedHashMap<>();
            for (String name : submitted.keySet()) {
                if (!checked.field(name).orElseThrow().secret()) {
                    // A non-secret submitted empty is passed as "", so the bridge can clear it.
                    plain.put(name, values.fields().getOrDefault(name, ""));
                }
            }
            Map<String, Secret> secrets = values.secrets();
            AtomicReference<Registration> before = new AtomicReference<>();
            return registrar.update(user, current -> {
                before.set(current);
                return command.execute(current, target, Map.copyOf(plain), secrets);
            })
                    .exceptionally(BridgeCommands::refusedValue)
                    .thenApply(saved -> new Step.Completed(Optional.empty(),
                            Optional.of(Note.info(command.completedNote(before.get(), saved, target)))));
        }

        private Registration registration(String user) throws StanzaErrorException {
            return registrar.find(user).orElseThrow(() -> new StanzaErrorException(
                    StanzaError.of(Condition.forbidden, "you are not registered")));
        }
    }
}
