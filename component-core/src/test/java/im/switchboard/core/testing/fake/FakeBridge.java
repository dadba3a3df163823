package im.switchboard.core.testing.fake;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.Bridge;
import im.switchboard.core.spi.BridgeCommand;
import im.switchboard.core.spi.BridgeContext;
import im.switchboard.core.spi.BridgeInfo;
import im.switchboard.core.spi.Capability;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.LegacySession;
import im.switchboard.core.spi.SessionContext;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference bridge: a {@link FakeNetwork} in memory. Found by {@link java.util.ServiceLoader} when the
 * core's test-jar is on the class path (then it uses {@link FakeNetwork#shared()}).
 */
public final class FakeBridge implements Bridge {

    /** The form's legacy user name field (an XEP-0077 registered field name). */
    public static final String USERNAME = "username";
    /** The form's password field. */
    public static final String PASSWORD = "password";
    /** The form's optional nickname field. */
    public static final String NICK = "nick";

    /** The bridge's network id. */
    public static final String ID = "fake";
    /** The registration field that makes a session always-on ({@link #keepsSessionOpen}). */
    public static final String ALWAYS_ON_FIELD = FakeConfigureCommand.prefix(Optional.empty())
            + FakeConfigureCommand.ALWAYS_ON;

    private final FakeNetwork network;
    private final Set<Capability> capabilities;
    private final FakeAddressCodec codec = new FakeAddressCodec();
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private final List<Thread> validationThreads = new CopyOnWriteArrayList<>();
    private final FakeConfigureCommand configure = new FakeConfigureCommand();

    /** For {@link java.util.ServiceLoader}: the process-wide network, all capabilities. */
    public FakeBridge() {
        this(FakeNetwork.shared());
    }

    /** A bridge over {@code network} with all capabilities. */
    public FakeBridge(FakeNetwork network) {
        this(network, EnumSet.allOf(Capability.class));
    }

    /** A bridge over {@code network} declaring only {@code capabilities}. */
    public FakeBridge(FakeNetwork network, Set<Capability> capabilities) {
        this.network = Objects.requireNonNull(network, "network");
        this.capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    @Override
    public BridgeInfo info() {
        return new BridgeInfo(ID, "Fake Network", "fake", "1.0");
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public AddressCodec addressCodec() {
        return codec;
    }

    /** A user name and password checked against the {@link FakeNetwork}'s accounts, and an optional nickname. */
    @Override
    public RegistrationForm registrationForm() {
        return new RegistrationForm("Fake Network registration", "Enter your Fake Network user name and password.",
                List.of(FormField.text(USERNAME, "User name", "Your Fake Network user name", 64),
                        FormField.secret(PASSWORD, "Password", "Your Fake Network password", 128),
                        FormField.text(NICK, "Nickname", "How contacts see you", 32).optional()));
    }

    /** Logs in to the fake network with the candidate's credentials, as a real bridge would. */
    @Override
    public void validateRegistration(Registration candidate) throws LegacyException {
        validationThreads.add(Thread.currentThread());
        Secret password = candidate.secrets().get(PASSWORD);
        network.checkCredentials(candidate.fields().getOrDefault(USERNAME, ""),
                password == null ? "" : password.reveal());
    }

    /** A guest's ephemeral registration: the room nick as {@link #NICK}; a nick with a space is refused. */
    @Override
    public Registration guestRegistration(String user, String roomNick) throws LegacyException {
        if (roomNick.indexOf(' ') >= 0) {
            throw new InvalidAddressException("nick: no spaces on the fake network");
        }
        return new Registration(user, Map.of(NICK, roomNick));
    }

    /** The threads {@link #validateRegistration} ran on, in order. */
    public List<Thread> validationThreads() {
        return List.copyOf(validationThreads);
    }

    /** One XEP-0050 command: {@link FakeConfigureCommand}. */
    @Override
    public List<BridgeCommand> commands() {
        return List.of(configure);
    }

    /** The "Configure" command this bridge offers. */
    public FakeConfigureCommand configureCommand() {
        return configure;
    }

    @Override
    public void start(BridgeContext context) {
        starts.incrementAndGet();
    }

    @Override
    public LegacySession openSession(SessionContext context) {
        return new FakeSession(network, context, capabilities.contains(Capability.DELIVERY_RECEIPTS));
    }

    @Override
    public void stop() {
        stops.incrementAndGet();
    }

    /**
     * Always-on (the model of IRC's per-server setting): the gateway-wide {@link FakeConfigureCommand#ALWAYS_ON}
     * setting is true.
     */
    @Override
    public boolean keepsSessionOpen(Registration registration) {
        return "true".equals(registration.fields().get(ALWAYS_ON_FIELD));
    }

    /** The network this bridge talks to. */
    public FakeNetwork network() {
        return network;
    }

    /** How often {@link #start} was called. */
    public int startCount() {
        return starts.get();
    }

    /** How often {@link #stop} was called. */
    public int stopCount() {
        return stops.get();
    }
}
