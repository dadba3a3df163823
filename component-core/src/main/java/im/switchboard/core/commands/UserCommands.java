package im.switchboard.core.commands;

import im.switchboard.core.commands.AdHocCommand.Audience;
import im.switchboard.core.commands.AdHocCommand.Note;
import im.switchboard.core.commands.AdHocCommand.Step;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.register.DataForms;
import im.switchboard.core.register.Registrar;
import im.switchboard.registration.FieldType;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.xmpp.packet.PacketError.Condition;

/** The commands a registered user runs on their own registration. */
public final class UserCommands {

    /** Node of "Show my registration". */
    public static final String SHOW = "show-registration";
    /** Node of "Change password". */
    public static final String CHANGE_PASSWORD = "change-password";
    /** Node of "Unregister". */
    public static final String UNREGISTER = "unregister";
    /** The confirmation field of "Unregister". */
    public static final String CONFIRM = "confirm";

    private UserCommands() {
    }

    /** The three commands over {@code registrar}. */
    public static List<AdHocCommand> all(Registrar registrar) {
        return List.of(new Show(registrar), new ChangePassword(registrar), new Unregister(registrar));
    }

    private static Registration registration(Registrar registrar, String user) throws StanzaErrorException {
        return registrar.find(user).orElseThrow(() -> new StanzaErrorException(
                StanzaError.of(Condition.forbidden, "you are not registered")));
    }

    private record Show(Registrar registrar) implements AdHocCommand {
        @Override
        public String node() {
            return SHOW;
        }

        @Override
        public String name() {
            return "Show my registration";
        }

        @Override
        public Audience audience() {
            return Audience.REGISTERED_USER;
        }

        /** The non-secret values only: secrets are never shown back (THREATS G3). */
        @Override
        public CompletionStage<Step> start(String user) throws StanzaErrorException {
            Registration registration = registration(registrar, user);
            Element x = DataForms.form("result", "Your registration", "");
            for (FormField field : registrar.form().fields()) {
                String value = registration.fields().get(field.name());
                if (!field.secret() && value != null) {
                    DataForms.addResultField(x, field.name(), field.label(), "", List.of(value));
                }
            }
            return CompletableFuture.completedFuture(new Step.Completed(Optional.of(x), Optional.empty()));
        }

        @Override
        public CompletionStage<Step> complete(String user, Map<String, List<String>> values) {
            throw new IllegalStateException("single-stage command");
        }
    }

    private record ChangePassword(Registrar registrar) implements AdHocCommand {
        @Override
        public String node() {
            return CHANGE_PASSWORD;
        }

        @Override
        public String name() {
            return "Change password";
        }

        @Override
        public Audience audience() {
            return Audience.REGISTERED_USER;
        }

        private List<FormField> secretFields() {
            return registrar.form().fields().stream().filter(FormField::secret).toList();
        }

        @Override
        public CompletionStage<Step> start(String user) throws StanzaErrorException {
            registration(registrar, user);
            List<FormField> secrets = secretFields();
            if (secrets.isEmpty()) {
                return CompletableFuture.completedFuture(new Step.Completed(Optional.empty(),
                        Optional.of(Note.info("This network needs no password."))));
            }
            Element x = DataForms.form("form", "Change password", "Enter the new password; the gateway checks it "
                    + "with the legacy network before it stores it.");
            DataForms.addFields(x, secrets, Map.of());
            return CompletableFuture.completedFuture(new Step.Form(x));
        }

        /** Only the secret fields may be submitted, each non-empty; then the same path as an XEP-0077 update. */
        @Override
        public CompletionStage<Step> complete(String user, Map<String, List<String>> values)
                throws StanzaErrorException {
            registration(registrar, user);
            for (String name : values.keySet()) {
                if (secretFields().stream().noneMatch(f -> f.name().equals(name))) {
                    throw new StanzaErrorException(StanzaError.of(Condition.not_acceptable,
                            "'" + name + "' is not a field of this form"));
                }
            }
            for (FormField field : secretFields()) {
                List<String> value = values.getOrDefault(field.name(), List.of());
                if (field.required() && (value.isEmpty() || value.getFirst().isEmpty())) {
                    throw new StanzaErrorException(StanzaError.of(Condition.not_acceptable,
                            "'" + field.name() + "' (" + field.label() + ") is required"));
                }
            }
            return registrar.register(user, values).thenApply(r -> new Step.Completed(Optional.empty(),
                    Optional.of(Note.info("Password changed."))));
        }
    }

    private record Unregister(Registrar registrar) implements AdHocCommand {
        @Override
        public String node() {
            return UNREGISTER;
        }

        @Override
        public String name() {
            return "Unregister";
        }

        @Override
        public Audience audience() {
            return Audience.REGISTERED_USER;
        }

        @Override
        public CompletionStage<Step> start(String user) throws StanzaErrorException {
            registration(registrar, user);
            Element x = DataForms.form("form", "Unregister", "Unregistering closes your legacy session and deletes "
                    + "your registration, passwords included.");
            DataForms.addFields(x, List.of(new FormField(CONFIRM, FieldType.BOOLEAN, "Really unregister?", "",
                    true, 5, List.of(), Optional.of("false"))), Map.of());
            return CompletableFuture.completedFuture(new Step.Form(x));
        }

        @Override
        public CompletionStage<Step> complete(String user, Map<String, List<String>> values) {
            List<String> confirm = values.getOrDefault(CONFIRM, List.of());
            boolean yes = confirm.size() == 1 && ("1".equals(confirm.getFirst()) || "true".equals(confirm.getFirst()));
            if (!yes) {
                return CompletableFuture.completedFuture(new Step.Completed(Optional.empty(),
                        Optional.of(Note.info("You are still registered."))));
            }
            // The same effects as XEP-0077 <remove/> (XEP-0100 section 4.3; THREATS G6).
            return registrar.unregister(user, "Unregistered").thenApply(removed -> new Step.Completed(
                    Optional.empty(), Optional.of(removed ? Note.info("You are unregistered.")
                            : Note.error("You were not registered."))));
        }
    }
}
