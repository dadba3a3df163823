package im.switchboard.core.spi;

import java.util.Objects;

/** A moderation request from a XEP-0045 admin item (sections 8.2, 9.1, 9.4, 9.6); the network decides. */
public sealed interface Moderation permits Moderation.Kick, Moderation.Ban, Moderation.SetRole,
        Moderation.SetAffiliation {

    /** The nick the request is about. */
    String nick();

    /** Kick {@code nick} (section 8.2: role none). */
    record Kick(String nick, String reason) implements Moderation {
        public Kick {
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Ban {@code nick} (section 9.1: affiliation outcast). */
    record Ban(String nick, String reason) implements Moderation {
        public Ban {
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Grant or revoke voice or moderator rights (sections 8.3-8.6, 9.6-9.7). */
    record SetRole(String nick, Role role) implements Moderation {
        public SetRole {
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(role, "role");
        }
    }

    /** Change a long-lived affiliation (sections 9.3-9.5, 10.3-10.7). */
    record SetAffiliation(String nick, Affiliation affiliation) implements Moderation {
        public SetAffiliation {
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(affiliation, "affiliation");
        }
    }
}
