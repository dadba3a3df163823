package im.switchboard.irc.channel;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.Role;
import java.util.Collection;

/**
 * Channel membership modes to XEP-0045 roles (section 5.1) and affiliations (section 5.2), as Biboumi presents
 * them. Only the highest membership mode counts (with multi-prefix a user may hold several):
 * <table>
 *   <caption>IRC membership to XEP-0045</caption>
 *   <tr><th>mode (usual prefix)</th><th>affiliation</th><th>role</th></tr>
 *   <tr><td>q ({@code ~}, founder)</td><td>owner</td><td>moderator</td></tr>
 *   <tr><td>a ({@code &amp;}, protected)</td><td>admin</td><td>moderator</td></tr>
 *   <tr><td>o ({@code @}, operator)</td><td>admin</td><td>moderator</td></tr>
 *   <tr><td>h ({@code %}, halfop)</td><td>member</td><td>moderator</td></tr>
 *   <tr><td>v ({@code +}, voice)</td><td>member</td><td>participant</td></tr>
 *   <tr><td>none</td><td>none</td><td>participant, or visitor in a moderated (+m) channel</td></tr>
 * </table>
 * Servers may use other letters for the same ranks; a membership mode the table does not name is placed by its
 * rank in {@code PREFIX}: above {@code o} it counts as admin/moderator, between {@code o} and {@code v} as a
 * halfop, below as a voice.
 */
public final class IrcRoles {

    private IrcRoles() {
    }

    /** The affiliation the highest of {@code modes} gives. */
    public static Affiliation affiliation(Collection<Character> modes, IrcPrefixes prefixes) {
        return switch (level(modes, prefixes)) {
            case FOUNDER -> Affiliation.OWNER;
            case PROTECTED, OPERATOR -> Affiliation.ADMIN;
            case HALFOP, VOICE -> Affiliation.MEMBER;
            case NONE -> Affiliation.NONE;
        };
    }

    /** The role the highest of {@code modes} gives in a channel that is {@code moderated} (+m) or not. */
    public static Role role(Collection<Character> modes, IrcPrefixes prefixes, boolean moderated) {
        return switch (level(modes, prefixes)) {
            case FOUNDER, PROTECTED, OPERATOR, HALFOP -> Role.MODERATOR;
            case VOICE -> Role.PARTICIPANT;
            case NONE -> moderated ? Role.VISITOR : Role.PARTICIPANT;
        };
    }

    /** Whether {@code modes} let their holder kick and set modes (halfop or higher). */
    public static boolean canModerate(Collection<Character> modes, IrcPrefixes prefixes) {
        return role(modes, prefixes, false) == Role.MODERATOR;
    }

    /** Whether {@code modes} let their holder speak in a moderated channel (voice or higher). */
    public static boolean canSpeak(Collection<Character> modes, IrcPrefixes prefixes) {
        return level(modes, prefixes) != Level.NONE;
    }

    private enum Level { FOUNDER, PROTECTED, OPERATOR, HALFOP, VOICE, NONE }

    private static Level level(Collection<Character> modes, IrcPrefixes prefixes) {
        Level best = Level.NONE;
        for (char m : modes) {
            Level l = levelOf(m, prefixes);
            if (l.ordinal() < best.ordinal()) {
                best = l;
            }
        }
        return best;
    }

    private static Level levelOf(char mode, IrcPrefixes prefixes) {
        switch (mode) {
            case 'q' -> {
                return Level.FOUNDER;
            }
            case 'a' -> {
                return Level.PROTECTED;
            }
            case 'o' -> {
                return Level.OPERATOR;
            }
            case 'h' -> {
                return Level.HALFOP;
            }
            case 'v' -> {
                return Level.VOICE;
            }
            default -> {
                int rank = prefixes.rank(mode);
                if (rank == Integer.MAX_VALUE) {
                    return Level.NONE;
                }
                int op = prefixes.rank('o');
                int voice = prefixes.rank('v');
                if (op != Integer.MAX_VALUE && rank < op) {
                    return Level.PROTECTED;
                }
                if (voice != Integer.MAX_VALUE && rank > voice) {
                    return Level.VOICE;
                }
                return Level.HALFOP;
            }
        }
    }
}
