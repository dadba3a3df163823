package im.switchboard.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything wrong with a configuration, reported at once so that the operator can fix it in one go.
 *
 * <p>{@link #getMessage()} is a header line followed by one line per problem, sorted by key path:
 * <pre>
 * Configuration /etc/switchboard/switchboard.toml has 2 problems:
 *   xmpp.port: must be from 1 to 65535 (got 70000, line 3)
 *   xmpp.secret: is required: set it in the file or in SWITCHBOARD_XMPP_SECRET
 * </pre>
 * No message ever contains the value of a secret (THREATS G3).
 */
public final class ConfigException extends RuntimeException {

    private final String source;
    private final List<Problem> problems;

    /**
     * @param source what was read, such as the file name
     * @param problems at least one problem
     */
    public ConfigException(String source, List<Problem> problems) {
        super(render(source, sorted(problems)));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs a problem");
        }
        this.source = source;
        this.problems = sorted(problems);
    }

    /** What was read, such as the file name. */
    public String source() {
        return source;
    }

    /** The problems, sorted by key path (problems of one key path keep the order they were found in). */
    public List<Problem> problems() {
        return problems;
    }

    private static List<Problem> sorted(List<Problem> problems) {
        List<Problem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparing(Problem::keyPath));
        return List.copyOf(copy);
    }

    private static String render(String source, List<Problem> problems) {
        StringBuilder out = new StringBuilder("Configuration ").append(source).append(" has ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (Problem problem : problems) {
            out.append("\n  ").append(problem);
        }
        return out.toString();
    }

    /**
     * One thing wrong.
     *
     * @param keyPath the full key path ({@code xmpp.port}, {@code components.irc.secret}), the name of an
     *     environment variable that is at fault, or "" for a problem with the file as a whole (syntax errors
     *     say their line and column in the message)
     * @param message what is wrong, never containing a secret
     */
    public record Problem(String keyPath, String message) implements Serializable {

        /** Checks that neither part is null. */
        public Problem {
            Objects.requireNonNull(keyPath, "keyPath");
            Objects.requireNonNull(message, "message");
        }

        /** {@code keyPath: message}, or just the message when there is no key path. */
        @Override
        public String toString() {
            return keyPath.isEmpty() ? message : keyPath + ": " + message;
        }
    }
}
