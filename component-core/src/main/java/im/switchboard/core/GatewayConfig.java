package im.switchboard.core;

import im.switchboard.config.Config;
import im.switchboard.config.Section;
import im.switchboard.config.Setting;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** The {@code [gateway]} configuration section: who may use the gateway and how it behaves per user. */
public final class GatewayConfig {

    public static final Setting<List<String>> ALLOWED_DOMAINS = Setting.stringList("allowed-domains")
            .required()
            .check(list -> !list.isEmpty(), "must name at least one XMPP domain")
            .description("XMPP domains whose users may use the gateway, compared exactly after normalisation "
                    + "(a subdomain or look-alike is not included). Others get 'forbidden' and cause no legacy "
                    + "traffic.")
            .build();
    public static final Setting<Integer> MAILBOX_CAPACITY = Setting.integer("mailbox-capacity")
            .defaultValue(1024)
            .range(1, 1_000_000)
            .description("Stanzas a user may have waiting for their legacy session; beyond it the user gets "
                    + "'resource-constraint' and nobody else is slowed down.")
            .build();
    public static final Setting<Boolean> REPORT_OPERATING_SYSTEM = Setting.bool("report-operating-system")
            .defaultValue(false)
            .description("Whether XEP-0092 software version answers name the operating system (it can help an "
                    + "attacker, XEP-0092 section 6).")
            .build();
    public static final Setting<Duration> ACTOR_IDLE_TIMEOUT = Setting.duration("actor-idle-timeout")
            .defaultValue(Duration.ofSeconds(60))
            .range(Duration.ofMillis(10), Duration.ofDays(1))
            .description("How long an idle user's actor keeps its (virtual) thread.")
            .build();
    public static final Setting<Duration> BACKPRESSURE_TIMEOUT = Setting.duration("backpressure-timeout")
            .defaultValue(Duration.ofSeconds(5))
            .range(Duration.ofMillis(1), Duration.ofHours(1))
            .description("How long a legacy -> XMPP message waits for room in the link's queue before it is "
                    + "dropped (counted and logged).")
            .build();
    public static final Setting<Duration> IQ_TIMEOUT = Setting.duration("iq-timeout")
            .defaultValue(Duration.ofSeconds(30))
            .range(Duration.ofMillis(10), Duration.ofHours(1))
            .description("How long a request may take before the requester gets an error.")
            .build();
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration("shutdown-timeout")
            .defaultValue(Duration.ofSeconds(10))
            .range(Duration.ofMillis(10), Duration.ofHours(1))
            .description("How long shutdown waits for each user's legacy session to close.")
            .build();

    public static final Setting<List<String>> ADMINS = Setting.stringList("admins")
            .defaultValue(List.of())
            .check(list -> list.stream().allMatch(jid -> jid.indexOf('@') > 0 && jid.indexOf('/') < 0),
                    "must be bare JIDs such as admin@example.org")
            .description("Bare JIDs that may run the admin commands (XEP-0050): list registered users, unregister a "
                    + "user, statistics.")
            .build();
    public static final Setting<Integer> REGISTRATIONS_PER_USER = Setting.integer("registrations-per-user")
            .defaultValue(GatewaySettings.RegistrationLimits.DEFAULT.perUser())
            .range(1, 1_000_000)
            .description("Registration attempts (XEP-0077) one user may make per registration window; more get "
                    + "'resource-constraint'.")
            .build();
    public static final Setting<Integer> REGISTRATIONS_TOTAL = Setting.integer("registrations-total")
            .defaultValue(GatewaySettings.RegistrationLimits.DEFAULT.total())
            .range(1, 1_000_000)
            .description("Registration attempts all users together may make per registration window.")
            .build();
    public static final Setting<Duration> REGISTRATION_WINDOW = Setting.duration("registration-window")
            .defaultValue(GatewaySettings.RegistrationLimits.DEFAULT.window())
            .range(Duration.ofSeconds(1), Duration.ofDays(1))
            .description("The window of the registration limits.")
            .build();

    /** The section, for the application's schema. */
    public static final Setting<Duration> ROOM_JOIN_TIMEOUT = Setting.duration("room-join-timeout")
            .defaultValue(GatewaySettings.RoomOptions.DEFAULT.joinTimeout())
            .range(Duration.ofSeconds(1), Duration.ofHours(1))
            .description("How long a user waits for the network to answer a room join before they get the "
                    + "XEP-0045 error remote-server-timeout; a later answer still puts them in the room. Keep it "
                    + "above a bridge's own join retry (IRC: twice [irc] join-timeout).")
            .build();

    public static final Setting<Boolean> ROOMS_FOR_UNREGISTERED = Setting.bool("rooms-for-unregistered")
            .defaultValue(GatewaySettings.RoomOptions.DEFAULT.forUnregistered())
            .description("Whether users of the allowed domains who have not registered may join rooms with their "
                    + "room nick (as in Biboumi), on a session that ends with their last room; contacts, "
                    + "commands and always-on connections still need a registration.")
            .build();

    public static final Section SECTION = Section.of("gateway", "Who may use the gateway, and per-user limits.",
            ALLOWED_DOMAINS, ADMINS, MAILBOX_CAPACITY, REPORT_OPERATING_SYSTEM, ACTOR_IDLE_TIMEOUT,
            BACKPRESSURE_TIMEOUT, IQ_TIMEOUT, SHUTDOWN_TIMEOUT, REGISTRATIONS_PER_USER, REGISTRATIONS_TOTAL,
            REGISTRATION_WINDOW, ROOM_JOIN_TIMEOUT, ROOMS_FOR_UNREGISTERED);

    private GatewayConfig() {
    }

    /** The settings of the component serving {@code domain}. */
    public static GatewaySettings settings(Config config, String domain, String softwareVersion) {
        Optional<String> os = config.get(REPORT_OPERATING_SYSTEM)
                ? Optional.of(System.getProperty("os.name") + " " + System.getProperty("os.version"))
                : Optional.empty();
        return new GatewaySettings(domain, new LinkedHashSet<>(config.get(ALLOWED_DOMAINS)),
                config.get(MAILBOX_CAPACITY), softwareVersion, os, GatewaySettings.DEFAULT_CAPS_NODE,
                config.get(ACTOR_IDLE_TIMEOUT), config.get(BACKPRESSURE_TIMEOUT), config.get(IQ_TIMEOUT),
                config.get(SHUTDOWN_TIMEOUT), new LinkedHashSet<>(config.get(ADMINS)),
                new GatewaySettings.RegistrationLimits(config.get(REGISTRATIONS_PER_USER),
                        config.get(REGISTRATIONS_TOTAL), config.get(REGISTRATION_WINDOW)),
                new GatewaySettings.RoomOptions(config.get(ROOM_JOIN_TIMEOUT), config.get(ROOMS_FOR_UNREGISTERED)));
    }
}
