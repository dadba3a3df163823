package im.switchboard.irc.connection;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.NotConnectedException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.irc.ident.IdentUserIds;
import im.switchboard.irc.message.IrcLine;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcMessageParser;
import im.switchboard.irc.message.IrcMessageWriter;
import im.switchboard.irc.message.IrcParseResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import org.pircbotx.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's connection to one IRC server on PircBotX 2.1 (see {@link GatewayBot} for what PircBotX does and what
 * is replaced).
 *
 * <p>Threads: {@link #open} runs PircBotX's {@code startBot} on a new virtual thread (the reader) and waits for
 * RPL_WELCOME or a failure, bounded by the registration timeout. The reader parses each line ({@link
 * IrcMessageParser}; a line that does not parse is counted, logged without its content above TRACE and skipped, I7),
 * lets {@link Registration} answer what the connection answers itself (PING, CAP, SASL, nick fallback) and hands the
 * rest, from RPL_WELCOME on, to the listener, in order, on the reader thread. Lines from {@link #send} go through a
 * {@link SendQueue} whose own virtual thread writes them at the policy's rate; the connection's own lines (CAP, PONG,
 * keepalive PING, NickServ) are written at once by the reader. {@link IrcConnectionListener#closed} is called once,
 * on the reader thread, after a successful open.
 *
 * <p>Logging (G3): no line reaches a log above TRACE; at TRACE a line is shown unless it may hold a secret
 * ({@link #mayHoldSecret}), and the connection's own secret lines (PASS, AUTHENTICATE, IDENTIFY, WEBIRC) are never
 * shown at all.
 */
public final class PircIrcConnection implements IrcConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PircIrcConnection.class);
    /** Room for tags (4096) plus a 512-byte line: PircBotX would otherwise cut our lines at its own limit. */
    private static final int MAX_WRITE = IrcMessageWriter.MAX_TAG_BYTES + IrcMessageWriter.MAX_LINE_BYTES + 2;

    private enum State { NEW, OPENING, OPEN, CLOSED }

    private final IrcConnectRequest request;
    private final PircIrcConnector connector;
    private final Runnable releaseSlot;
    private final Registration registration;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<String> welcomed = new CompletableFuture<>();
    private final CountDownLatch readerDone = new CountDownLatch(1);
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean closedNotified = new AtomicBoolean();
    private final AtomicReference<String> closeReason = new AtomicReference<>();
    private final ReentrantLock closeLock = new ReentrantLock();
    private final SendQueue queue;
    private final Handler handler = new Handler();
    private volatile IrcConnectionListener listener;
    private volatile GatewayBot bot;
    private volatile boolean closeRequested;
    private volatile String nick;
    private volatile ServerFeatures features = new ServerFeatures(java.util.Map.of(), java.util.Set.of());
    private volatile Exception connectFailure;
    /** The TCP socket under PircBotX's (under TLS, if any), once connected: what the ident table holds. */
    private volatile Socket tcpSocket;
    private boolean pingOutstanding;
    private long malformed;

    PircIrcConnection(IrcConnectRequest request, PircIrcConnector connector, Runnable releaseSlot) {
        this.request = request;
        this.connector = connector;
        this.releaseSlot = releaseSlot;
        this.nick = request.nick();
        IrcServerPolicy server = request.server();
        this.registration = new Registration(new RegistrationPlan(request.nick(), request.serverPassword(),
                request.saslAccount(), request.saslPassword(), request.nickservPassword(),
                server.webircPassword().map(p -> webirc(p, request.user())), RegistrationPlan.WANTED_CAPS,
                connector.settings().maxNickAttempts()));
        this.queue = new SendQueue(new TokenBucket(server.burst(), server.lineInterval(), System::nanoTime),
                this::writeQueued, e -> gatewayBot().ifPresent(GatewayBot::closeSocket),
                "irc-writer-" + server.host());
    }

    @Override
    public void open(IrcConnectionListener newListener) throws LegacyException {
        if (!state.compareAndSet(State.NEW, State.OPENING)) {
            throw new IllegalStateException("open is called once");
        }
        this.listener = java.util.Objects.requireNonNull(newListener, "listener");
        IrcServerPolicy server = request.server();
        List<InetAddress> addresses;
        IrcConnectorSettings settings = connector.settings();
        long deadline = System.nanoTime() + settings.registrationTimeout().toNanos();
        Semaphore registering = connector.registering(server);
        GatewayBot newBot;
        try {
            addresses = connector.guard().resolve(server);
            // Built before the registration permit is taken: the permit bounds the sockets between connect and
            // RPL_WELCOME, and building PircBotX's configuration is CPU work that needs no socket.
            newBot = new GatewayBot(configuration(addresses), handler, connector.decoding());
            if (!registering.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TransientFailureException("Too many connections to " + server.host()
                        + " are being set up; try again later");
            }
        } catch (LegacyException | RuntimeException e) {
            state.set(State.CLOSED);
            readerDone.countDown();
            release();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.set(State.CLOSED);
            readerDone.countDown();
            release();
            throw new TransientFailureException("Interrupted while connecting to the IRC server");
        }
        try {
            register(newBot, addresses, deadline);
        } finally {
            registering.release();
        }
    }

    private void register(GatewayBot newBot, List<InetAddress> addresses, long deadline) throws LegacyException {
        IrcServerPolicy server = request.server();
        IrcConnectorSettings settings = connector.settings();
        try {
            // Under the close lock: a close() either sees this bot (and closes its socket, even one that connects
            // later) or has already asked to close, which is seen here; it cannot slip in between.
            closeLock.lock();
            try {
                if (closeRequested) {
                    throw new IllegalStateException("closed while waiting to connect");
                }
                this.bot = newBot;
            } finally {
                closeLock.unlock();
            }
            LOG.debug("connecting {} to {}:{} ({})", request.user(), server.host(), server.port(), addresses);
            Thread.ofVirtual().name("irc-reader-" + server.host()).start(this::runBot);
        } catch (RuntimeException e) {
            state.set(State.CLOSED);
            readerDone.countDown();
            release();
            if (closeRequested) {
                throw new TransientFailureException("The connection was closed during the registration");
            }
            throw e;
        }
        try {
            nick = welcomed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw abort(new TransientFailureException("The IRC server did not complete the registration within "
                    + settings.registrationTimeout().toSeconds() + " s; try again later"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw abort(new TransientFailureException("Interrupted while connecting to the IRC server"));
        } catch (ExecutionException e) {
            throw abort(e.getCause() instanceof LegacyException le ? le
                    : new TransientFailureException("The IRC server could not be reached; try again later"));
        }
        if (!state.compareAndSet(State.OPENING, State.OPEN)) {
            throw abort(new TransientFailureException("The connection was closed during the registration"));
        }
        LOG.debug("registered {} on {} as {}", request.user(), server.host(), nick);
    }

    @Override
    public IrcLine send(IrcMessage message) throws NotConnectedException, RateLimitedException {
        return sendAll(List.of(message)).get(0);
    }

    @Override
    public List<IrcLine> sendAll(List<IrcMessage> messages) throws NotConnectedException, RateLimitedException {
        if (state.get() != State.OPEN || closeRequested) {
            throw new NotConnectedException("Not connected to the IRC server " + request.server().host());
        }
        List<IrcLine> lines = new ArrayList<>(messages.size());
        List<String> texts = new ArrayList<>(messages.size());
        for (IrcMessage message : messages) {
            IrcLine line = IrcMessageWriter.write(message);
            lines.add(line);
            texts.add(line.text());
        }
        switch (queue.offerAll(texts)) {
            case QUEUED -> { }
            case FULL -> throw new RateLimitedException("Too much is waiting to be sent to the IRC server "
                    + request.server().host() + "; wait a moment and send it again");
            case STOPPED -> throw new NotConnectedException("Not connected to the IRC server "
                    + request.server().host());
        }
        if (LOG.isTraceEnabled()) {
            for (IrcLine line : lines) {
                LOG.trace("queued: {}", mayHoldSecret(line.sent()) ? "[" + line.sent().command() + ", not shown]"
                        : line.text());
            }
        }
        return lines;
    }

    @Override
    public String nick() {
        return nick;
    }

    @Override
    public ServerFeatures features() {
        return features;
    }

    @Override
    public boolean isOpen() {
        return state.get() == State.OPEN && !closeRequested;
    }

    /** Lines waiting in the send queue (for tests and monitoring). */
    public int queued() {
        return queue.size();
    }

    @Override
    public void close(String reason) {
        closeLock.lock();
        try {
            closeReason.compareAndSet(null, reason);
            State s = state.get();
            if (s == State.NEW && state.compareAndSet(State.NEW, State.CLOSED)) {
                readerDone.countDown();
                release();
                return;
            }
            if (closeRequested || s == State.CLOSED) {
                return;
            }
            closeRequested = true;
            GatewayBot current = bot;
            if (current == null) {
                return;
            }
            if (s == State.OPENING) {
                current.closeSocket();
                return;
            }
            long deadline = System.nanoTime() + connector.settings().quitTimeout().toNanos();
            try {
                queue.awaitDrained(deadline - System.nanoTime());
                queue.stop();
                writeOwn(Outgoing.plain(quitLine(reason)));
                // The server answers QUIT with ERROR and closes (Modern IRC, "QUIT message"): wait for that, so
                // the QUIT is not lost to a reset, but not longer than the deadline.
                readerDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                current.closeSocket();
            }
        } finally {
            closeLock.unlock();
        }
    }

    /** What GatewayBot reports, on the reader thread; private so that nobody else can feed lines in. */
    private final class Handler implements LineHandler {

        @Override
        public void onSocketConnected() {
            socketConnected();
        }

        @Override
        public void onLine(String line) {
            line(line);
        }

        @Override
        public boolean onIdle() {
            return idle();
        }

        @Override
        public void onReadFailure(Exception e) {
            readFailure(e);
        }

        @Override
        public void onConnectFailed(Exception e) {
            connectFailure = e;
        }
    }

    private void socketConnected() {
        for (Outgoing line : registration.start()) {
            writeOwn(line);
        }
    }

    private void line(String line) {
        pingOutstanding = false;
        IrcParseResult parsed = IrcMessageParser.parse(line);
        if (parsed instanceof IrcParseResult.Malformed bad) {
            malformed++;
            LOG.debug("skipped a line that is not an IRC message ({} so far)", malformed);
            if (LOG.isTraceEnabled()) {
                LOG.trace("skipped: {} ({})", bad.reason(), bad.line());
            }
            return;
        }
        IrcMessage message = ((IrcParseResult.Parsed) parsed).message();
        if (LOG.isTraceEnabled()) {
            LOG.trace("received: {}", mayHoldSecret(message) ? "[" + message.command() + ", not shown]" : line);
        }
        Registration.Step step = registration.handle(message);
        step.send().forEach(this::writeOwn);
        if (message.command().equals("005") || message.command().equals("CAP")) {
            features = registration.features();
        }
        nick = registration.nick();
        step.failure().ifPresent(failure -> {
            welcomed.completeExceptionally(failure);
            gatewayBot().ifPresent(GatewayBot::closeSocket);
        });
        step.registered().ifPresent(welcomed::complete);
        if (step.deliver()) {
            try {
                listener.onMessage(message);
            } catch (RuntimeException e) {
                // A listener bug costs this line, not the connection (I7); the exception may quote the line.
                LOG.warn("the listener failed on a {} line: {}", message.command(), e.getClass().getName());
            }
        }
    }

    private boolean idle() {
        if (!registration.isRegistered()) {
            // The registration deadline bounds this phase; clients should not PING before registering.
            return true;
        }
        if (pingOutstanding) {
            closeReason.compareAndSet(null, "ping timeout");
            return false;
        }
        pingOutstanding = true;
        return writeOwn(Outgoing.plain("PING " + Registration.KEEPALIVE_TOKEN));
    }

    private void readFailure(Exception e) {
        if (!closeRequested) {
            LOG.debug("reading from {} failed: {}", request.server().host(), e.getClass().getName());
        }
        if (connectFailure == null) {
            connectFailure = e;
        }
    }

    // ---- internals ----

    private void runBot() {
        try {
            bot.startBot();
        } catch (Exception e) {
            if (connectFailure == null) {
                connectFailure = e;
            }
        } finally {
            ended();
        }
    }

    private void ended() {
        queue.stop();
        welcomed.completeExceptionally(failureBeforeWelcome());
        // closed() follows only a successful open: when the end wins the race with open's OPENING -> OPEN, open
        // throws instead.
        boolean wasOpen = state.getAndSet(State.CLOSED) == State.OPEN;
        release();
        readerDone.countDown();
        if (wasOpen && closedNotified.compareAndSet(false, true)) {
            String reason = closeRequested ? closeReason.get() : Optional.ofNullable(closeReason.get())
                    .or(registration::serverError).orElse("The IRC server closed the connection");
            LOG.debug("connection of {} to {} closed: {}", request.user(), request.server().host(), reason);
            listener.closed(reason == null ? "closed" : reason, closeRequested);
        }
    }

    private LegacyException failureBeforeWelcome() {
        Exception cause = connectFailure;
        if (closeRequested) {
            return new TransientFailureException("The connection was closed during the registration");
        }
        if (cause instanceof SSLException) {
            return new TransientFailureException(
                    "The TLS connection to the IRC server failed: its certificate could not be verified");
        }
        if (cause != null) {
            return new TransientFailureException("The IRC server could not be reached; try again later");
        }
        return new TransientFailureException("The IRC server closed the connection during the registration");
    }

    private LegacyException abort(LegacyException failure) {
        gatewayBot().ifPresent(GatewayBot::closeSocket);
        try {
            readerDone.await(connector.settings().quitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    private void writeQueued(byte[] lines, int length) throws IOException {
        GatewayBot current = bot;
        if (current == null) {
            throw new IOException("not connected");
        }
        current.writeLines(lines, length);
    }

    private boolean writeOwn(Outgoing line) {
        GatewayBot current = bot;
        if (current == null) {
            return false;
        }
        try {
            current.writeLine(line.text());
            return true;
        } catch (IOException e) {
            // The socket is not closed here: the reader still gets what the server sent before it went away
            // (an ERROR with its reason), then the end of the stream.
            LOG.debug("writing to {} failed: {}", request.server().host(), e.getClass().getName());
            return false;
        }
    }

    /** QUIT with the reason, or a bare QUIT when the reason does not fit one line. */
    static String quitLine(String reason) {
        try {
            return IrcMessageWriter.write(IrcMessage.of("QUIT", reason)).text();
        } catch (IllegalArgumentException e) {
            return "QUIT";
        }
    }

    private Optional<GatewayBot> gatewayBot() {
        return Optional.ofNullable(bot);
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            releaseSlot.run();
            Socket socket = tcpSocket;
            if (socket != null) {
                connector.idents().forget(socket);
            }
        }
    }

    /** The TCP socket is connected: the ident server may be asked whose it is from now on (RFC 1413). */
    private void socketOpened(Socket socket) {
        tcpSocket = socket;
        connector.idents().register(socket, IdentUserIds.of(request.user()));
    }

    private Configuration configuration(List<InetAddress> addresses) {
        IrcServerPolicy server = request.server();
        IrcConnectorSettings settings = connector.settings();
        String realname = IrcMessageWriter.sanitizeTrailing(request.realname()).strip();
        Configuration.Builder builder = new Configuration.Builder();
        // One server entry per checked address, as a literal: PircBotX tries them in order and its own lookup of a
        // literal does no DNS (I4: no second resolution).
        addresses.forEach(a -> builder.addServer(a.getHostAddress(), server.port()));
        return builder
                .setName(request.nick())
                .setLogin(request.username())
                .setRealName(realname.isEmpty() ? request.nick() : realname)
                .setVersion("Switchboard")
                .setFinger("Switchboard")
                .setSocketFactory(new PinnedSocketFactory(addresses, server.host(),
                        server.tls() ? connector.tls() : null, (int) settings.connectTimeout().toMillis(),
                        this::socketOpened))
                .setEncoding(StandardCharsets.UTF_8)
                .setSocketTimeout((int) settings.pingInterval().toMillis())
                .setMaxLineLength(MAX_WRITE)
                .setAutoSplitMessage(false)
                .setAutoNickChange(false)
                .setMessageDelay(0)
                .setShutdownHookEnabled(false)
                .setOnJoinWhoEnabled(false)
                .setIdentServerEnabled(false)
                .setAutoReconnect(false)
                .setCapEnabled(false)
                .setSnapshotsEnabled(false)
                .setListenerManager(new InlineListenerManager(handler))
                .setBotFactory(new GatewayBotFactory())
                .buildConfiguration();
    }

    /**
     * Whether a line may carry a secret and must not be logged even at TRACE: PASS, AUTHENTICATE, OPER, WEBIRC, and
     * any PRIVMSG or NOTICE to a services nick ({@code *Serv}), which covers IDENTIFY and its echo (echo-message).
     */
    static boolean mayHoldSecret(IrcMessage message) {
        return switch (message.command()) {
            case "PASS", "AUTHENTICATE", "OPER", "WEBIRC" -> true;
            // a channel key: JOIN #chan key (RFC 2812 section 3.2.1), or MODE #chan +k key from a room
            // configuration (the key of an always-on room is a stored secret)
            case "JOIN" -> message.params().size() > 1;
            case "MODE" -> message.params().size() > 2 && message.param(1).orElse("").indexOf('k') >= 0;
            // services by nick (NickServ), or addressed as nick@server (NickServ@services.example.net)
            case "PRIVMSG", "NOTICE" -> message.param(0).map(t -> {
                String target = t.toLowerCase(java.util.Locale.ROOT);
                int at = target.indexOf('@');
                return (at < 0 ? target : target.substring(0, at)).endsWith("serv");
            }).orElse(false);
            default -> false;
        };
    }

    /**
     * WEBIRC for a gateway user whose real address the gateway cannot know (XMPP does not tell it): a stable
     * address in the unique-local range fd00::/8 made from a hash of the user's JID, so the IRC operators can tell
     * users apart and ban one without banning the gateway, and no JID is disclosed.
     */
    static RegistrationPlan.Webirc webirc(im.switchboard.config.Secret password, String user) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
            byte[] address = Arrays.copyOf(hash, 16);
            address[0] = (byte) 0xfd;
            String ip = InetAddress.getByAddress(address).getHostAddress();
            return new RegistrationPlan.Webirc(password, "switchboard", ip, ip);
        } catch (NoSuchAlgorithmException | UnknownHostException e) {
            throw new IllegalStateException("SHA-256 and 16-byte addresses are always available", e);
        }
    }
}
