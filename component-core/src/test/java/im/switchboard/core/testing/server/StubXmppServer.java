package im.switchboard.core.testing.server;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import org.dom4j.Element;
import org.dom4j.QName;
import org.dom4j.io.STAXEventReader;

/**
 * A real XMPP server for one component domain on {@code 127.0.0.1} and an ephemeral port, speaking the server
 * side of XEP-0114 section 3: it answers the component's stream header with its own (random stream id),
 * checks the {@code <handshake>} digest against the configured secret and replies {@code <handshake/>}, or
 * {@code <stream:error><not-authorized/></stream:error></stream:stream>} and closes.
 *
 * <p>After the handshake it records every first-level element the component sends (stanzas as dom4j
 * elements, in the {@code jabber:component:accept} namespace, and as XML strings; stream errors separately)
 * and, unless told otherwise, answers XEP-0199 pings addressed to any entity with an IQ result (pings are
 * counted, never recorded as stanzas, whether answered or not).
 *
 * <p>Typical use:
 * <pre>{@code
 * try (StubXmppServer server = new StubXmppServer("irc.example.org", "secret").start()) {
 *     // point the component at server.host() and server.port(), start it, then:
 *     server.awaitHandshakes(1, Duration.ofSeconds(5));
 *     server.send("<message from='juliet@capulet.lit/balcony' to='romeo@irc.example.org'>...</message>");
 *     Element out = server.awaitStanzas(1, Duration.ofSeconds(5)).get(0);
 * }
 * }</pre>
 *
 * <p>Faults: {@link #sendStreamError}, {@link #closeStream}, {@link #dropConnections} (abrupt TCP close),
 * {@link #stallConnections} (half-open: the sockets stay open but nothing is read or answered),
 * {@link #refuseConnections} (nothing listens; connections are refused), {@link #rejectHandshakesWith} (a
 * stream error right after the header), {@link #prologueOnNextConnection} (raw bytes before the header),
 * {@link #sendRaw} (any bytes on the live stream), {@link #stop} and {@link #restart} on the same port.
 *
 * <p>Thread-safe: one virtual thread accepts, one virtual thread per connection reads; every method may be
 * called from the test thread. Waits take a timeout and throw {@link AssertionError} when it passes.
 */
public final class StubXmppServer implements AutoCloseable {

    private static final String STREAMS = "http://etherx.jabber.org/streams";
    private static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    private static final XMLInputFactory STAX = newStax();

    private final String domain;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Element> stanzas = new ArrayList<>();
    private final List<String> componentStreamErrors = new ArrayList<>();
    private final List<Peer> peers = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private String secret;
    private Supplier<String> streamIds = this::randomId;
    private boolean answerPings = true;
    private String handshakeRejection;
    private String prologue;
    private ServerSocket serverSocket;
    private int port;
    private int accepted;
    private int handshakes;
    private int pingsAnswered;
    private int componentStreamCloses;
    private SSLContext tls;

    /** A stopped server for {@code componentDomain} that accepts {@code secret}; call {@link #start()}. */
    public StubXmppServer(String componentDomain, String secret) {
        this.domain = componentDomain;
        this.secret = secret;
    }

    private static XMLInputFactory newStax() {
        XMLInputFactory factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        return factory;
    }

    /** Listen on 127.0.0.1 and an ephemeral port (or the previous port after {@link #stop()}). */
    public StubXmppServer start() throws IOException {
        lock.lock();
        try {
            if (serverSocket != null) {
                return this;
            }
            ServerSocket socket = bind();
            serverSocket = socket;
            port = socket.getLocalPort();
            Thread.ofVirtual().name("stub-xmpp-accept-" + port).start(() -> acceptLoop(socket));
            return this;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Bind to {@link #port} (0 the first time). Re-binding the previous port may briefly fail while a client
     * that found nothing listening holds it (a TCP self-connect on loopback), so retry for a few seconds.
     */
    private ServerSocket bind() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            ServerSocket socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return socket;
            } catch (BindException e) {
                socket.close();
                if (port == 0 || System.nanoTime() > deadline) {
                    throw e;
                }
                // Retrying a busy port, not waiting for another thread: a short pause between attempts.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    /** The loopback address the server listens on, as a host string. */
    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** The port (stable across {@link #stop()} and {@link #restart()}). */
    public int port() {
        lock.lock();
        try {
            return port;
        } finally {
            lock.unlock();
        }
    }

    /** The component domain this server serves. */
    public String domain() {
        return domain;
    }

    /** Speak direct TLS with {@code context} (e.g. {@link TestCertificates#serverContext()}); call before start. */
    public StubXmppServer tls(SSLContext context) {
        lock.lock();
        try {
            tls = context;
            return this;
        } finally {
            lock.unlock();
        }
    }

    /** Wait until at least {@code count} pings were answered in total. */
    public void awaitPingsAnswered(int count, Duration timeout) {
        await(() -> pingsAnswered >= count, timeout, () -> "expected " + count + " pings, got " + pingsAnswered);
    }

    /** The secret checked on later handshakes. */
    public void secret(String value) {
        lock.lock();
        try {
            secret = value;
        } finally {
            lock.unlock();
        }
    }

    /** Where stream ids come from (default: 16 random hex digits); used unescaped in the digest. */
    public void streamIds(Supplier<String> supplier) {
        lock.lock();
        try {
            streamIds = supplier;
        } finally {
            lock.unlock();
        }
    }

    /** Whether XEP-0199 pings are answered (default true). */
    public void answerPings(boolean value) {
        lock.lock();
        try {
            answerPings = value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * From now on answer every stream header with this stream error condition (e.g. {@code host-unknown},
     * {@code conflict}) followed by {@code </stream:stream>}; null restores normal handshakes.
     */
    public void rejectHandshakesWith(String condition) {
        lock.lock();
        try {
            handshakeRejection = condition;
        } finally {
            lock.unlock();
        }
    }

    /** Raw text written before the stream header on the next accepted connection only (e.g. a DOCTYPE). */
    public void prologueOnNextConnection(String raw) {
        lock.lock();
        try {
            prologue = raw;
        } finally {
            lock.unlock();
        }
    }

    /** Stop listening: new connections are refused. Established connections stay. */
    public void refuseConnections() throws IOException {
        lock.lock();
        try {
            if (serverSocket != null) {
                serverSocket.close();
                serverSocket = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Listen again on the same port after {@link #refuseConnections()}. */
    public void acceptConnections() throws IOException {
        start();
    }

    /** Stop listening and drop every connection abruptly. */
    public void stop() throws IOException {
        refuseConnections();
        dropConnections();
    }

    /** {@link #stop()} then {@link #start()} on the same port. */
    public void restart() throws IOException {
        stop();
        start();
    }

    /** Close every connection's TCP socket without closing the stream. */
    public void dropConnections() {
        for (Peer peer : peerSnapshot()) {
            peer.close();
        }
    }

    /**
     * Half-open links: every current connection stops reading and answering but keeps its socket open.
     * New connections behave normally.
     */
    public void stallConnections() {
        for (Peer peer : peerSnapshot()) {
            peer.stalled = true;
        }
    }

    /** Write {@code xml} to the newest handshaken connection. */
    public void send(String xml) throws IOException {
        sendRaw(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Write raw bytes to the newest handshaken connection. */
    public void sendRaw(byte[] bytes) throws IOException {
        Peer peer = latest();
        if (peer == null) {
            throw new IOException("no handshaken component connection");
        }
        peer.write(bytes);
    }

    /** Send {@code <stream:error><condition/></stream:error></stream:stream>} and close the newest connection. */
    public void sendStreamError(String condition) throws IOException {
        Peer peer = latest();
        if (peer == null) {
            throw new IOException("no handshaken component connection");
        }
        peer.write(streamError(condition).getBytes(StandardCharsets.UTF_8));
        peer.close();
    }

    /** Close the newest connection cleanly with {@code </stream:stream>} (e.g. a server restart). */
    public void closeStream() throws IOException {
        Peer peer = latest();
        if (peer == null) {
            throw new IOException("no handshaken component connection");
        }
        peer.write("</stream:stream>".getBytes(StandardCharsets.UTF_8));
        peer.close();
    }

    /** How many TCP connections were accepted since start. */
    public int acceptedConnections() {
        lock.lock();
        try {
            return accepted;
        } finally {
            lock.unlock();
        }
    }

    /** How many handshakes succeeded since start. */
    public int handshakes() {
        lock.lock();
        try {
            return handshakes;
        } finally {
            lock.unlock();
        }
    }

    /** How many pings were answered. */
    public int pingsAnswered() {
        lock.lock();
        try {
            return pingsAnswered;
        } finally {
            lock.unlock();
        }
    }

    /** Wait until at least {@code count} handshakes succeeded in total. */
    public void awaitHandshakes(int count, Duration timeout) {
        await(() -> handshakes >= count, timeout, () -> "expected " + count + " handshakes, got " + handshakes);
    }

    /** Wait until at least {@code count} connections were accepted in total. */
    public void awaitAcceptedConnections(int count, Duration timeout) {
        await(() -> accepted >= count, timeout, () -> "expected " + count + " connections, got " + accepted);
    }

    /** Wait until at least {@code count} stanzas were received, then return all received so far, in order. */
    public List<Element> awaitStanzas(int count, Duration timeout) {
        await(() -> stanzas.size() >= count, timeout,
                () -> "expected " + count + " stanzas, got " + stanzas.size());
        return stanzas();
    }

    /** The stanzas received so far, in order (copies of the live list, not of the elements). */
    public List<Element> stanzas() {
        lock.lock();
        try {
            return List.copyOf(stanzas);
        } finally {
            lock.unlock();
        }
    }

    /** The stanzas received so far as XML strings. */
    public List<String> stanzaXml() {
        List<String> xml = new ArrayList<>();
        for (Element element : stanzas()) {
            xml.add(element.asXML());
        }
        return xml;
    }

    /** Forget the stanzas received so far. */
    public void clearStanzas() {
        lock.lock();
        try {
            stanzas.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Stream error conditions the component sent, in order (e.g. {@code restricted-xml}). */
    public List<String> componentStreamErrors() {
        lock.lock();
        try {
            return List.copyOf(componentStreamErrors);
        } finally {
            lock.unlock();
        }
    }

    /** Wait until the component sent at least {@code count} stream errors; returns them all. */
    public List<String> awaitComponentStreamErrors(int count, Duration timeout) {
        await(() -> componentStreamErrors.size() >= count, timeout,
                () -> "expected " + count + " stream errors from the component, got " + componentStreamErrors);
        return componentStreamErrors();
    }

    /** Wait until the component closed its stream with {@code </stream:stream>} at least {@code count} times. */
    public void awaitComponentStreamCloses(int count, Duration timeout) {
        await(() -> componentStreamCloses >= count, timeout,
                () -> "expected " + count + " stream closes from the component, got " + componentStreamCloses);
    }

    /** Stop listening and drop every connection. */
    @Override
    public void close() throws IOException {
        stop();
    }

    // ---------------------------------------------------------------- internals

    private interface Check {
        boolean ok();
    }

    private void await(Check check, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!check.ok()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError(failure.get() + " within " + timeout.toMillis() + " ms");
                }
                changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        } finally {
            lock.unlock();
        }
    }

    private List<Peer> peerSnapshot() {
        lock.lock();
        try {
            return List.copyOf(peers);
        } finally {
            lock.unlock();
        }
    }

    private Peer latest() {
        lock.lock();
        try {
            for (int i = peers.size() - 1; i >= 0; i--) {
                Peer peer = peers.get(i);
                if (peer.handshaken && !peer.closed) {
                    return peer;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Peer peer = new Peer(client);
                lock.lock();
                try {
                    accepted++;
                    peers.add(peer);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                Thread.ofVirtual().name("stub-xmpp-conn-" + port).start(peer::run);
            } catch (IOException e) {
                // The listening socket was closed (stop/refuse): the loop ends.
            }
        }
    }

    private String randomId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        StringBuilder id = new StringBuilder();
        for (byte b : bytes) {
            id.append(String.format("%02x", b & 0xFF));
        }
        return id.toString();
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    private static String streamError(String condition) {
        return "<stream:error><" + condition + " xmlns='" + STREAM_ERRORS + "'/></stream:error></stream:stream>";
    }

    /** SHA-1 over UTF-8 of id + secret, lowercase hex (XEP-0114 section 3), computed independently. */
    static String digest(String id, String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest((id + secret).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : hash) {
                hex.append(Character.forDigit(b >> 4 & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One component connection. */
    private final class Peer {
        private final Socket socket;
        private final ReentrantLock writeLock = new ReentrantLock();
        private volatile boolean handshaken;
        private volatile boolean closed;
        private volatile boolean stalled;

        Peer(Socket socket) {
            this.socket = socket;
        }

        void write(byte[] bytes) throws IOException {
            writeLock.lock();
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
            } finally {
                writeLock.unlock();
            }
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException e) {
                // Already broken; closed either way.
            }
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void run() {
            try {
                serve();
            } catch (IOException | XMLStreamException | RuntimeException e) {
                // The component or the test closed the connection, or it sent something unparsable.
            } finally {
                close();
            }
        }

        private void serve() throws IOException, XMLStreamException {
            String rawPrologue;
            String rejection;
            String id;
            lock.lock();
            try {
                rawPrologue = prologue;
                prologue = null;
                rejection = handshakeRejection;
                id = streamIds.get();
            } finally {
                lock.unlock();
            }
            XMLEventReader events = STAX.createXMLEventReader(socket.getInputStream());
            StartElement header = nextStart(events);
            if (header == null || !header.getName().getNamespaceURI().equals(STREAMS)) {
                return;
            }
            events.nextEvent();
            StringBuilder reply = new StringBuilder();
            if (rawPrologue != null) {
                reply.append(rawPrologue);
            }
            reply.append("<stream:stream xmlns:stream='").append(STREAMS)
                    .append("' xmlns='jabber:component:accept' from='").append(escape(domain))
                    .append("' id='").append(escape(id)).append("'>");
            if (rejection != null) {
                reply.append(streamError(rejection));
                write(reply.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
            write(reply.toString().getBytes(StandardCharsets.UTF_8));
            STAXEventReader dom = new STAXEventReader();
            StartElement start = nextStart(events);
            if (start != null && start.getName().getNamespaceURI().equals(STREAMS)) {
                // The component refused our stream (e.g. a hostile prologue): record its stream error.
                received(dom.readElement(events));
                return;
            }
            if (start == null || !start.getName().getLocalPart().equals("handshake")) {
                return;
            }
            Element handshake = dom.readElement(events);
            String expected;
            lock.lock();
            try {
                expected = digest(id, secret);
            } finally {
                lock.unlock();
            }
            if (!expected.equals(handshake.getTextTrim())) {
                write(streamError("not-authorized").getBytes(StandardCharsets.UTF_8));
                return;
            }
            // Counted before the component can see <handshake/>: once its start() returns, tests may use us;
            // the write lock keeps anything they send behind the <handshake/>.
            writeLock.lock();
            try {
                handshaken = true;
                lock.lock();
                try {
                    handshakes++;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                write("<handshake/>".getBytes(StandardCharsets.UTF_8));
            } finally {
                writeLock.unlock();
            }
            while (!closed) {
                XMLEvent event = events.peek();
                if (stalled) {
                    parkUntilClosed();
                    return;
                }
                if (event == null) {
                    return;
                }
                if (event.isStartElement()) {
                    received(dom.readElement(events));
                } else if (event.isEndElement() || event.isEndDocument()) {
                    // The component closed its stream (RFC 6120 section 4.4): close ours.
                    lock.lock();
                    try {
                        componentStreamCloses++;
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                    write("</stream:stream>".getBytes(StandardCharsets.UTF_8));
                    return;
                } else {
                    events.nextEvent();
                }
            }
        }

        private void parkUntilClosed() {
            lock.lock();
            try {
                while (!closed) {
                    changed.await(100, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }

        private StartElement nextStart(XMLEventReader events) throws XMLStreamException {
            while (events.hasNext()) {
                XMLEvent event = events.peek();
                if (event.isStartElement()) {
                    return event.asStartElement();
                }
                events.nextEvent();
            }
            return null;
        }

        private void received(Element element) throws IOException {
            if (stalled) {
                return;
            }
            if (element.getName().equals("error") && STREAMS.equals(element.getNamespaceURI())) {
                String condition = element.elements().isEmpty() ? "" : element.elements().get(0).getName();
                lock.lock();
                try {
                    componentStreamErrors.add(condition);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                return;
            }
            boolean pings;
            lock.lock();
            try {
                pings = answerPings;
            } finally {
                lock.unlock();
            }
            if (element.getName().equals("iq") && "get".equals(element.attributeValue("type"))
                    && element.element(QName.get("ping", "urn:xmpp:ping")) != null) {
                if (pings) {
                    write(("<iq type='result' id='" + escape(element.attributeValue("id")) + "' from='"
                            + escape(element.attributeValue("to")) + "' to='" + escape(element.attributeValue("from"))
                            + "'/>").getBytes(StandardCharsets.UTF_8));
                    lock.lock();
                    try {
                        pingsAnswered++;
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
                return;
            }
            lock.lock();
            try {
                stanzas.add(element);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
