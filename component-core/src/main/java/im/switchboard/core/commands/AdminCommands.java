package im.switchboard.core.commands;

import im.switchboard.core.commands.AdHocCommand.Audience;
import im.switchboard.core.commands.AdHocCommand.Note;
import im.switchboard.core.commands.AdHocCommand.Step;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.register.DataForms;
import im.switchboard.core.register.Registrar;
import im.switchboard.core.stats.GatewayStatistics;
import im.switchboard.registration.Registration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.dom4j.Element;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError.Condition;

/** The administrators' commands (their bare JIDs are {@code GatewaySettings.admins}). */
public final class AdminCommands {

    /** Node of "List registered users". */
    public static final String LIST_USERS = "list-users";
    /** Node of "Unregister a user". */
    public static final String UNREGISTER_USER = "unregister-user";
    /** Node of "Statistics". */
    public static final String STATISTICS = "statistics";
    /** The JID field of "Unregister a user". */
    public static final String JID_FIELD = "jid";

    private AdminCommands() {
    }

    /** The three commands. */
    public static List<AdHocCommand> all(Registrar registrar, Supplier<GatewayStatistics> statistics) {
        return List.of(new ListUsers(registrar), new UnregisterUser(registrar), new Statistics(registrar, statistics));
    }

    private static CompletionStage<Step> done(Element form) {
        return CompletableFuture.completedFuture(new Step.Completed(Optional.of(form), Optional.empty()));
    }

    private record ListUsers(Registrar registrar) implements AdHocCommand {
        @Override
        public String node() {
            return LIST_USERS;
        }

        @Override
        public String name() {
            return "List registered users";
        }

        @Override
        public Audience audience() {
            return Audience.ADMIN;
        }

        @Override
        public CompletionStage<Step> start(String user) {
            List<String> users = registrar.all().stream().map(Registration::user).sorted().toList();
            Element x = DataForms.form("result", "Registered users", "");
            DataForms.addResultField(x, "count", "Registered users", "", List.of(Integer.toString(users.size())));
            DataForms.addResultField(x, "users", "Users", "jid-multi", users);
            return done(x);
        }

        @Override
        public CompletionStage<Step> complete(String user, Map<String, List<String>> values) {
            throw new IllegalStateException("single-stage command");
        }
    }

    private record UnregisterUser(Registrar registrar) implements AdHocCommand {
        @Override
        public String node() {
            return UNREGISTER_USER;
        }

        @Override
        public String name() {
            return "Unregister a user";
        }

        @Override
        public Audience audience() {
            return Audience.ADMIN;
        }

        @Override
        public CompletionStage<Step> start(String user) {
            Element x = DataForms.form("form", "Unregister a user", "The user's legacy session is closed and their "
                    + "registration deleted.");
            Element field = x.addElement("field").addAttribute("type", "jid-single").addAttribute("var", JID_FIELD)
                    .addAttribute("label", "User");
            field.addElement("required");
            return CompletableFuture.completedFuture(new Step.Form(x));
        }

        @Override
        public CompletionStage<Step> complete(String admin, Map<String, List<String>> values)
                throws StanzaErrorException {
            List<String> jid = values.getOrDefault(JID_FIELD, List.of());
            String target;
            try {
                if (jid.size() != 1) {
                    throw new IllegalArgumentException("one JID");
                }
                JID parsed = new JID(jid.getFirst().strip());
                if (parsed.getNode() == null) {
                    throw new IllegalArgumentException("a user JID");
                }
                target = parsed.toBareJID();
            } catch (IllegalArgumentException e) {
                // XEP-0050 section 4.4: a form without the required values is bad-payload (bad-request).
                throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "enter one user's JID"));
            }
            return registrar.unregister(target, "Unregistered by an administrator").thenApply(removed ->
                    new Step.Completed(Optional.empty(), Optional.of(removed
                            ? Note.info(target + " is unregistered.")
                            : Note.error(target + " is not registered."))));
        }
    }

    private record Statistics(Registrar registrar, Supplier<GatewayStatistics> statistics) implements AdHocCommand {
        @Override
        public String node() {
            return STATISTICS;
        }

        @Override
        public String name() {
            return "Statistics";
        }

        @Override
        public Audience audience() {
            return Audience.ADMIN;
        }

        @Override
        public CompletionStage<Step> start(String user) {
            GatewayStatistics s = statistics.get();
            Element x = DataForms.form("result", "Gateway statistics", "");
            add(x, "registered-users", "Registered users", registrar.all().size());
            add(x, "users-online", "Users online", s.usersOnline());
            add(x, "sessions", "Legacy sessions", s.sessions());
            add(x, "messages-to-legacy", "Messages to the legacy network", s.messagesToLegacy());
            add(x, "messages-to-xmpp", "Messages to XMPP", s.messagesToXmpp());
            add(x, "errors-sent", "Stanza errors sent", s.errorsSent());
            add(x, "refused-full", "Stanzas refused (mailbox full)", s.refusedFull());
            add(x, "dropped", "Stanzas dropped", s.dropped());
            return done(x);
        }

        private static void add(Element x, String var, String label, long value) {
            DataForms.addResultField(x, var, label, "text-single", List.of(Long.toString(value)));
        }

        @Override
        public CompletionStage<Step> complete(String user, Map<String, List<String>> values) {
            throw new IllegalStateException("single-stage command");
        }
    }
}
