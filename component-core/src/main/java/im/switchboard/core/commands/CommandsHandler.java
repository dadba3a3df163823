package im.switchboard.core.commands;

import im.switchboard.core.access.AccessDecision;
import im.switchboard.core.commands.AdHocCommand.Audience;
import im.switchboard.core.commands.AdHocCommand.Step;
import im.switchboard.core.disco.DiscoInfo;
import im.switchboard.core.disco.Identity;
import im.switchboard.core.error.ErrorReplies;
import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.register.DataForms;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.IqRequest;
import im.switchboard.core.routing.Target;
import im.switchboard.core.spi.LegacyAddress;
import im.switchboard.core.stanza.XmlChars;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.PacketError.Condition;

/**
 * XEP-0050 on the gateway JID and on legacy entities' JIDs (a bridge's commands, such as "Configure" on an IRC
 * server's JID): executes commands (section 2.4), keeps the sessions of multi-stage ones (section 3.3: a session
 * belongs to one requester and one target JID and ends when completed or canceled; idle ones expire) and lists the
 * commands a requester may run on a JID (section 2.2).
 */
public final class CommandsHandler {

    /** The XEP-0050 namespace, also the disco node that lists the commands. */
    public static final String NAMESPACE = "http://jabber.org/protocol/commands";

    static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);
    /** Open sessions are bounded (THREATS X11): beyond this, new multi-stage commands wait. */
    static final int MAX_SESSIONS = 1024;
    /** One user cannot take all sessions (THREATS X11). */
    static final int MAX_SESSIONS_PER_USER = 5;

    private record Session(JID requester, String node, Optional<LegacyAddress> target, long expiresAt) {
    }

    private final Map<String, AdHocCommand> commands = new LinkedHashMap<>();
    private final Predicate<String> isAdmin;
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * @param commands the commands, with unique nodes
     * @param isAdmin  whether a normalised bare JID is an administrator
     */
    public CommandsHandler(List<AdHocCommand> commands, Predicate<String> isAdmin) {
        for (AdHocCommand command : commands) {
            if (this.commands.putIfAbsent(command.node(), command) != null) {
                throw new IllegalArgumentException("duplicate command node " + command.node());
            }
        }
        this.isAdmin = isAdmin;
    }

    /** Register {@code set} on the domain and on contacts (a bridge command's target). */
    public void registerWith(IqHandlers handlers) {
        handlers.register(Target.DOMAIN, NAMESPACE, IQ.Type.set, this::execute);
        handlers.register(Target.CONTACT, NAMESPACE, IQ.Type.set, this::execute);
    }

    /** One disco item of the command list: its node and name. */
    public record Item(String node, String name) {
    }

    /** XEP-0050 section 2.2: the commands this sender may run (and so may see) on the domain. */
    public List<Item> itemsFor(AccessDecision sender) {
        return itemsFor(sender, Optional.empty());
    }

    /** XEP-0050 section 2.2: the commands this sender may run on {@code target} (empty: the domain). */
    public List<Item> itemsFor(AccessDecision sender, Optional<LegacyAddress> target) {
        return commands.values().stream().filter(c -> c.appliesTo(target) && allowed(c, sender))
                .map(c -> new Item(c.node(), c.name())).toList();
    }

    /** Whether any command at all is offered on {@code target}, to anyone (its disco#info feature). */
    public boolean offersCommandsOn(Optional<LegacyAddress> target) {
        return commands.values().stream().anyMatch(c -> c.appliesTo(target));
    }

    /**
     * XEP-0050 section 2.2: disco#info on the command list node (identity {@code automation/command-list}) and on
     * each command node the sender may run ({@code automation/command-node}); other nodes are not ours.
     */
    public Optional<DiscoInfo> nodeInfo(String node, AccessDecision sender) {
        return nodeInfo(node, sender, Optional.empty());
    }

    /** {@link #nodeInfo(String, AccessDecision)} on {@code target} (empty: the domain). */
    public Optional<DiscoInfo> nodeInfo(String node, AccessDecision sender, Optional<LegacyAddress> target) {
        if (NAMESPACE.equals(node)) {
            return Optional.of(new DiscoInfo(List.of(Identity.of("automation", "command-list", "Commands")),
                    Set.of(NAMESPACE)));
        }
        AdHocCommand command = commands.get(node);
        if (command == null || !command.appliesTo(target) || !allowed(command, sender)) {
            return Optional.empty();
        }
        return Optional.of(new DiscoInfo(List.of(Identity.of("automation", "command-node", command.name())),
                Set.of(NAMESPACE, DataForms.NAMESPACE)));
    }

    private boolean allowed(AdHocCommand command, AccessDecision sender) {
        return switch (command.audience()) {
            // The router has already refused senders of domains that are not served (THREATS X2).
            case ADMIN -> isAdmin.test(sender.user());
            case REGISTERED_USER -> sender.findRegistration().isPresent();
        };
    }

    private CompletionStage<IQ> execute(IqRequest request) throws Exception {
        Element command = request.iq().getChildElement();
        String node = command.attributeValue("node", "");
        AdHocCommand target = commands.get(node);
        Optional<LegacyAddress> on = request.contact();
        if (target == null || !target.appliesTo(on)) {
            throw new StanzaErrorException(StanzaError.of(Condition.item_not_found, "no such command"));
        }
        if (!allowed(target, request.sender())) {
            throw new StanzaErrorException(StanzaError.of(Condition.forbidden,
                    target.audience() == Audience.ADMIN ? "for administrators only" : "register first"));
        }
        String action = command.attributeValue("action", "execute");
        if (!List.of("execute", "next", "prev", "complete", "cancel").contains(action)) {
            return failed(request, Condition.bad_request, "malformed-action",
                    "unknown action " + action);
        }
        String sessionId = command.attributeValue("sessionid");
        String user = request.sender().user();
        if (sessionId == null) {
            if (!"execute".equals(action)) {
                return failed(request, Condition.bad_request, "bad-sessionid", "this action needs a sessionid");
            }
            return target.start(user, on).thenApply(step -> reply(request, target, step, null));
        }
        Session session = sessions.get(sessionId);
        if (session == null || session.expiresAt() - System.nanoTime() < 0) {
            sessions.remove(sessionId);
            return failed(request, Condition.not_allowed, "session-expired",
                    "the command session is over");
        }
        if (!session.requester().equals(request.iq().getFrom()) || !session.node().equals(node)
                || !session.target().equals(on)) {
            return failed(request, Condition.bad_request, "bad-sessionid", "not your command session");
        }
        switch (action) {
            case "cancel" -> {
                sessions.remove(sessionId);
                return CompletableFuture.completedFuture(status(request, node, sessionId, "canceled"));
            }
            case "next", "prev" -> {
                // Every multi-stage command here has exactly one form: only complete (or execute) moves on.
                return failed(request, Condition.bad_request, "bad-action",
                        "this command has one form: complete or cancel");
            }
            default -> {
                sessions.remove(sessionId);
                Map<String, List<String>> values = DataForms.find(command).filter(x -> "submit".equals(
                        x.attributeValue("type"))).map(DataForms::values).orElse(Map.of());
                return target.complete(user, on, values).thenApply(step -> reply(request, target, step,
                        sessionId));
            }
        }
    }

    private IQ reply(IqRequest request, AdHocCommand command, Step step, String sessionId) {
        String id = sessionId != null ? sessionId : command.node() + ":" + UUID.randomUUID();
        return switch (step) {
            case Step.Completed done -> {
                IQ result = status(request, command.node(), id, "completed");
                Element element = result.getChildElement();
                done.form().ifPresent(form -> element.add(form.createCopy()));
                done.note().ifPresent(note -> element.addElement("note").addAttribute("type", note.type())
                        .setText(XmlChars.strip(note.text())));
                yield result;
            }
            case Step.Form form -> {
                sessions.values().removeIf(s -> s.expiresAt() - System.nanoTime() < 0);
                String bare = request.iq().getFrom().toBareJID();
                long mine = sessions.values().stream().filter(s -> s.requester().toBareJID().equals(bare)).count();
                if (sessions.size() >= MAX_SESSIONS || mine >= MAX_SESSIONS_PER_USER) {
                    throw new CompletionException(new StanzaErrorException(new StanzaError(
                            Condition.resource_constraint, PacketError.Type.wait, "too many open commands")));
                }
                sessions.put(id, new Session(request.iq().getFrom(), command.node(), request.contact(),
                        System.nanoTime() + SESSION_LIFETIME.toNanos()));
                IQ result = status(request, command.node(), id, "executing");
                Element element = result.getChildElement();
                // Section 3.4: one stage left, so "complete" is the only (and default) action besides cancel.
                element.addElement("actions").addAttribute("execute", "complete").addElement("complete");
                element.add(form.form().createCopy());
                yield result;
            }
        };
    }

    private static IQ status(IqRequest request, String node, String sessionId, String status) {
        Element element = DocumentHelper.createElement(QName.get("command", NAMESPACE));
        element.addAttribute("node", node).addAttribute("sessionid", sessionId).addAttribute("status", status);
        IQ result = request.result();
        result.setChildElement(element);
        return result;
    }

    /** An error with the XEP-0050 specific condition (section 4.4). */
    private static CompletionStage<IQ> failed(IqRequest request, Condition condition, String specific,
            String text) {
        // Without the payload: a submitted form may hold a password (XEP-0077 section 3.3, THREATS G3).
        IQ error = (IQ) ErrorReplies.bareReplyTo(request.iq(), StanzaError.of(condition, text));
        PacketError packetError = error.getError();
        packetError.setApplicationCondition(specific, NAMESPACE);
        error.setError(packetError);
        return CompletableFuture.completedFuture(error);
    }

    /** Whether a command session is open (for tests and statistics). */
    public boolean hasSession(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** The commands, by node. */
    public Optional<AdHocCommand> command(String node) {
        return Optional.ofNullable(commands.get(node));
    }
}
