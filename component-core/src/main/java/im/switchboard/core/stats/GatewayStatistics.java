package im.switchboard.core.stats;

/**
 * A snapshot of one component's counters, for admin commands and logs.
 *
 * @param usersOnline      users with at least one available resource towards the gateway
 * @param sessions         open legacy sessions
 * @param messagesToLegacy messages handed to the bridge
 * @param messagesToXmpp   messages from the bridge queued for the user
 * @param errorsSent       stanza errors the gateway sent
 * @param refusedFull      stanzas refused because a user's mailbox was full (THREATS X11)
 * @param dropped          outbound stanzas dropped (link queue full beyond the wait, invalid, link closed)
 */
public record GatewayStatistics(int usersOnline, int sessions, long messagesToLegacy, long messagesToXmpp,
        long errorsSent, long refusedFull, long dropped) {
}
