package im.switchboard.core.commands;

import im.switchboard.core.spi.LegacyAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;

/**
 * One XEP-0050 command. A command either completes at once ({@link #start} returns {@link Step.Completed}) or
 * asks for a form first ({@link Step.Form}), and then completes with the submitted values ({@link #complete}).
 * Both methods run on the link's reader thread and must not block: slow work completes the stage later.
 */
public interface AdHocCommand {

    /** Who may see and run a command. */
    enum Audience { REGISTERED_USER, ADMIN }

    /** The result of a stage. */
    sealed interface Step {
        /** The command is done (XEP-0050 status {@code completed}), with an optional result form and a note. */
        record Completed(Optional<Element> form, Optional<Note> note) implements Step {
        }

        /** The command needs this form filled in (status {@code executing}). */
        record Form(Element form) implements Step {
        }
    }

    /** An XEP-0050 {@code <note/>} (section 4.3). */
    record Note(String type, String text) {
        /** An {@code info} note. */
        public static Note info(String text) {
            return new Note("info", text);
        }

        /** An {@code error} note. */
        public static Note error(String text) {
            return new Note("error", text);
        }
    }

    /** The command's node: unique on the gateway JID (XEP-0050 section 3.2). */
    String node();

    /** The human-readable name listed in disco#items. */
    String name();

    /** Who may run it. */
    Audience audience();

    /** The first stage for {@code user} (a normalised bare JID). */
    CompletionStage<Step> start(String user) throws Exception;

    /** The last stage: the values of the submitted form. Only called after {@link #start} returned a form. */
    CompletionStage<Step> complete(String user, Map<String, List<String>> values) throws Exception;

    /**
     * Whether the command is offered on {@code target}: empty is the gateway's domain JID, otherwise the legacy
     * entity a contact JID names (XEP-0050 section 2.2: any JID may list commands). The gateway's own commands
     * apply to the domain only.
     */
    default boolean appliesTo(Optional<LegacyAddress> target) {
        return target.isEmpty();
    }

    /** {@link #start(String)} on {@code target}; only called when {@link #appliesTo} it. */
    default CompletionStage<Step> start(String user, Optional<LegacyAddress> target) throws Exception {
        return start(user);
    }

    /** {@link #complete(String, Map)} on {@code target}, the same target as the session's start. */
    default CompletionStage<Step> complete(String user, Optional<LegacyAddress> target,
            Map<String, List<String>> values) throws Exception {
        return complete(user, values);
    }
}
