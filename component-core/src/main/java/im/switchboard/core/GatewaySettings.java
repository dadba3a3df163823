package im.switchboard.core;

import im.switchboard.core.access.AccessPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xmpp.packet.JID;

/**
 * The settings of one {@link GatewayComponent}, as plain values (the application maps its configuration to
 * them).
 *
 * @param domain              the component domain, for example {@code irc.example.org}; normalised through
 *                            Tinder's JID domain preparation
 * @param allowedDomains      the XMPP domains whose users may use the gateway (THREATS X2); compared exactly
 *                            after normalisation; empty means nobody
 * @param mailboxCapacity     the bound of each user's actor mailbox (THREATS X11)
 * @param softwareVersion     the version reported through XEP-0092
 * @param operatingSystem     the operating system reported through XEP-0092, or empty to omit it (it can help
 *                            an attacker, XEP-0092 section 6)
 * @param capsNode            the XEP-0115 {@code node} attribute: a URI that identifies the software
 * @param actorIdleTimeout    how long an idle user actor keeps its virtual thread before it ends
 * @param backpressureTimeout how long the sink retries a stanza while the link's queue is full before it drops
 *                            it (counted and logged)
 * @param iqTimeout           how long an IQ handler may take before the requester gets an error; also the life
 *                            of a request the gateway sends
 * @param shutdownTimeout     how long {@link GatewayComponent#close()} waits for each user's actor
 * @param admins              the bare JIDs allowed to run the admin ad-hoc commands (XEP-0050), normalised;
 *                            empty means nobody
 * @param registrationLimits  how many XEP-0077 registration attempts are accepted (THREATS G1, X11)
 * @param rooms               room options: the join deadline, and whether unregistered users may join rooms
 */
public record GatewaySettings(
        String domain,
        Set<String> allowedDomains,
        int mailboxCapacity,
        String softwareVersion,
        Optional<String> operatingSystem,
        String capsNode,
        Duration actorIdleTimeout,
        Duration backpressureTimeout,
        Duration iqTimeout,
        Duration shutdownTimeout,
        Set<String> admins,
        RegistrationLimits registrationLimits,
        RoomOptions rooms) {

    /**
     * How the gateway treats rooms (XEP-0045).
     *
     * @param joinTimeout         how long the user waits for the network's answer to a join before they get the
     *                            {@code remote-server-timeout} error presence (a later answer still puts them in)
     * @param forUnregistered     whether a user of an allowed domain who is not registered may join rooms with
     *                            their room nick (as in Biboumi); everything else still needs a registration
     */
    public record RoomOptions(Duration joinTimeout, boolean forUnregistered) {

        /** 60 s (longer than a bridge's own retry of a lost join), registered users only. */
        public static final RoomOptions DEFAULT = new RoomOptions(Duration.ofSeconds(60), false);

        public RoomOptions {
            requirePositive(joinTimeout, "joinTimeout");
        }
    }

    /**
     * Registration attempts accepted per sliding window (THREATS G1): a password-guessing user, or many users at
     * once, must not make the gateway hammer the legacy network with log-in attempts.
     *
     * @param perUser attempts per user per window
     * @param total   attempts of all users together per window
     * @param window  the length of the window
     */
    public record RegistrationLimits(int perUser, int total, Duration window) {

        /** 5 per user and 60 in all per minute. */
        public static final RegistrationLimits DEFAULT = new RegistrationLimits(5, 60, Duration.ofMinutes(1));

        public RegistrationLimits {
            if (perUser < 1 || total < 1) {
                throw new IllegalArgumentException("registration limits must be at least 1: " + perUser + "/"
                        + total);
            }
            requirePositive(window, "window");
        }
    }

    /** The default {@code node} for XEP-0115 capabilities. */
    public static final String DEFAULT_CAPS_NODE = "https://switchboard.im";

    public GatewaySettings {
        Objects.requireNonNull(domain, "domain");
        allowedDomains = Set.copyOf(allowedDomains);
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        Objects.requireNonNull(operatingSystem, "operatingSystem");
        Objects.requireNonNull(capsNode, "capsNode");
        requirePositive(actorIdleTimeout, "actorIdleTimeout");
        requirePositive(backpressureTimeout, "backpressureTimeout");
        requirePositive(iqTimeout, "iqTimeout");
        requirePositive(shutdownTimeout, "shutdownTimeout");
        if (mailboxCapacity < 1) {
            throw new IllegalArgumentException("mailboxCapacity must be at least 1: " + mailboxCapacity);
        }
        admins = admins.stream().map(GatewaySettings::normaliseBareJid).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(registrationLimits, "registrationLimits");
        Objects.requireNonNull(rooms, "rooms");
    }

    /** The settings with the default room options. */
    public GatewaySettings(String domain, Set<String> allowedDomains, int mailboxCapacity, String softwareVersion,
            Optional<String> operatingSystem, String capsNode, Duration actorIdleTimeout,
            Duration backpressureTimeout, Duration iqTimeout, Duration shutdownTimeout, Set<String> admins,
            RegistrationLimits registrationLimits) {
        this(domain, allowedDomains, mailboxCapacity, softwareVersion, operatingSystem, capsNode, actorIdleTimeout,
                backpressureTimeout, iqTimeout, shutdownTimeout, admins, registrationLimits, RoomOptions.DEFAULT);
    }

    /** A copy with other room options. */
    public GatewaySettings withRooms(RoomOptions options) {
        return new GatewaySettings(domain, allowedDomains, mailboxCapacity, softwareVersion, operatingSystem,
                capsNode, actorIdleTimeout, backpressureTimeout, iqTimeout, shutdownTimeout, admins,
                registrationLimits, options);
    }

    /** The settings without admins and with the default registration limits. */
    public GatewaySettings(String domain, Set<String> allowedDomains, int mailboxCapacity, String softwareVersion,
            Optional<String> operatingSystem, String capsNode, Duration actorIdleTimeout,
            Duration backpressureTimeout, Duration iqTimeout, Duration shutdownTimeout) {
        this(domain, allowedDomains, mailboxCapacity, softwareVersion, operatingSystem, capsNode, actorIdleTimeout,
                backpressureTimeout, iqTimeout, shutdownTimeout, Set.of(), RegistrationLimits.DEFAULT);
    }

    /** A copy with these admins (bare JIDs; normalised). */
    public GatewaySettings withAdmins(Set<String> jids) {
        return new GatewaySettings(domain, allowedDomains, mailboxCapacity, softwareVersion, operatingSystem,
                capsNode, actorIdleTimeout, backpressureTimeout, iqTimeout, shutdownTimeout, jids,
                registrationLimits, rooms);
    }

    /** A copy with other registration limits. */
    public GatewaySettings withRegistrationLimits(RegistrationLimits limits) {
        return new GatewaySettings(domain, allowedDomains, mailboxCapacity, softwareVersion, operatingSystem,
                capsNode, actorIdleTimeout, backpressureTimeout, iqTimeout, shutdownTimeout, admins, limits, rooms);
    }

    /** Whether {@code bareJid} (already normalised, as {@link AccessPolicy#userKey} gives it) is an admin. */
    public boolean isAdmin(String bareJid) {
        return admins.contains(bareJid);
    }

    private static String normaliseBareJid(String jid) {
        JID parsed = new JID(jid.strip());
        if (parsed.getNode() == null || parsed.getResource() != null) {
            throw new IllegalArgumentException("an admin is a bare user JID: " + jid);
        }
        return parsed.toBareJID();
    }

    /** Settings with the defaults: mailbox 256, version {@code 0.1.0}, no OS, idle 60 s, backpressure 5 s. */
    public static GatewaySettings of(String domain, Set<String> allowedDomains) {
        return new GatewaySettings(domain, allowedDomains, 256, "0.1.0", Optional.empty(), DEFAULT_CAPS_NODE,
                Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Set.of(), RegistrationLimits.DEFAULT);
    }

    /** A copy with another mailbox capacity. */
    public GatewaySettings withMailboxCapacity(int capacity) {
        return new GatewaySettings(domain, allowedDomains, capacity, softwareVersion, operatingSystem, capsNode,
                actorIdleTimeout, backpressureTimeout, iqTimeout, shutdownTimeout, admins, registrationLimits, rooms);
    }

    /** A copy with another actor idle timeout. */
    public GatewaySettings withActorIdleTimeout(Duration idle) {
        return new GatewaySettings(domain, allowedDomains, mailboxCapacity, softwareVersion, operatingSystem,
                capsNode, idle, backpressureTimeout, iqTimeout, shutdownTimeout, admins, registrationLimits, rooms);
    }

    /** A copy with another backpressure timeout. */
    public GatewaySettings withBackpressureTimeout(Duration timeout) {
        return new GatewaySettings(domain, allowedDomains, mailboxCapacity, softwareVersion, operatingSystem,
                capsNode, actorIdleTimeout, timeout, iqTimeout, shutdownTimeout, admins, registrationLimits, rooms);
    }

    /** A copy with another reported operating system. */
    public GatewaySettings withOperatingSystem(Optional<String> os) {
        return new GatewaySettings(domain, allowedDomains, mailboxCapacity, softwareVersion, os, capsNode,
                actorIdleTimeout, backpressureTimeout, iqTimeout, shutdownTimeout, admins, registrationLimits, rooms);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
