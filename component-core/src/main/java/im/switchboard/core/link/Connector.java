package im.switchboard.core.link;

import im.switchboard.core.stanza.StreamErrorCondition;
import im.switchboard.core.stanza.StreamEvent;
import im.switchboard.core.stanza.StreamParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.dom4j.Element;

/**
 * Opens a connection and performs the XEP-0114 section 3 handshake ("accept" method): our stream header with
 * {@code to} = component domain, the server's header with the stream id, our {@code <handshake>} digest, the
 * server's empty {@code <handshake/>} or a stream error.
 */
final class Connector {

    private final LinkSettings settings;
    private final String peer;

    Connector(LinkSettings settings) {
        this.settings = settings;
        this.peer = settings.host() + ":" + settings.port();
    }

    String peer() {
        return peer;
    }

    /** A handshaken connection, or a failure whose message tells the operator what to fix. */
    Connection connect() throws LinkFailure {
        long timeoutMillis = settings.keepaliveTimeout().toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Socket socket = openSocket((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        Connection connection;
        try {
            connection = new Connection(socket, settings.limits(), peer);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new LinkFailure(LinkFailure.Kind.IO, "cannot use the connection to " + peer + ": " + e, e);
        }
        try {
            handshake(connection, deadline);
            return connection;
        } catch (LinkFailure e) {
            connection.close();
            throw e;
        }
    }

    private Socket openSocket(int timeoutMillis) throws LinkFailure {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(settings.host());
        } catch (UnknownHostException e) {
            throw new LinkFailure(LinkFailure.Kind.UNRESOLVED,
                    "cannot resolve the XMPP server host '" + settings.host() + "'", e);
        }
        boolean plaintext = settings.tls() == TlsMode.OFF && !settings.tunnelled();
        IOException last = null;
        for (InetAddress address : addresses) {
            // THREATS X10, checked again at every connect: DNS may have changed since validation.
            if (plaintext && !address.isLoopbackAddress()) {
                throw new LinkFailure(LinkFailure.Kind.PLAINTEXT_REFUSED,
                        LinkSettings.plaintextRefusal(settings.host()));
            }
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, settings.port()), timeoutMillis);
                if (socket.getLocalSocketAddress().equals(socket.getRemoteSocketAddress())) {
                    // TCP self-connect: with nothing listening on a loopback port, the kernel may pick that very
                    // port as our source port and connect the socket to itself. Treat it as refused.
                    throw new ConnectException("connected to itself");
                }
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                return settings.tls() == TlsMode.DIRECT ? wrapTls(socket, timeoutMillis) : socket;
            } catch (LinkFailure e) {
                closeQuietly(socket);
                throw e;
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
            }
        }
        if (last instanceof ConnectException) {
            throw new LinkFailure(LinkFailure.Kind.REFUSED, "nothing listens at " + peer
                    + " (connection refused): is the XMPP server running with its component port on " + peer
                    + "?", last);
        }
        if (last instanceof SocketTimeoutException) {
            throw new LinkFailure(LinkFailure.Kind.TIMEOUT, "no answer from " + peer + " within "
                    + timeoutMillis + " ms (firewall, or wrong host or port?)", last);
        }
        throw new LinkFailure(LinkFailure.Kind.IO, "cannot connect to " + peer + ": " + last, last);
    }

    private Socket wrapTls(Socket plain, int timeoutMillis) throws LinkFailure {
        try {
            // A server that accepts TCP but never answers the TLS handshake (hung, or traffic blackholed) must not
            // hold the start-up or a reconnect forever (THREATS X8); the stream handshake sets its own timeouts.
            plain.setSoTimeout(timeoutMillis);
            SSLContext context = tlsContext();
            SSLSocket tls = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, settings.host(), settings.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            // Hostname verification as for HTTPS (RFC 2818 / RFC 6125).
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!Character.isDigit(settings.host().charAt(0)) && !settings.host().contains(":")) {
                parameters.setServerNames(List.of(new SNIHostName(settings.host())));
            }
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return tls;
        } catch (SocketTimeoutException e) {
            throw new LinkFailure(LinkFailure.Kind.TIMEOUT, "TLS handshake with " + peer + " did not complete within "
                    + timeoutMillis + " ms", e);
        } catch (SSLException e) {
            throw new LinkFailure(LinkFailure.Kind.TLS, "TLS handshake with " + peer + " failed: "
                    + e.getMessage() + " (certificate for '" + settings.host() + "' trusted?)", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new LinkFailure(LinkFailure.Kind.TLS, "cannot set up TLS to " + peer + ": " + e, e);
        }
    }

    private SSLContext tlsContext() throws IOException, GeneralSecurityException {
        if (settings.trustStore() == null) {
            return SSLContext.getDefault();
        }
        char[] password = settings.trustStorePassword() == null ? null : settings.trustStorePassword().toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(settings.trustStore())) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private void handshake(Connection connection, long deadline) throws LinkFailure {
        String domain = settings.componentDomain();
        try {
            connection.writeNow("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' xmlns:stream='"
                    + StreamParser.STREAMS_NAMESPACE + "' to='" + domain + "'>");
            StreamEvent first = connection.next(deadline);
            String id = switch (first) {
                case StreamEvent.StreamOpened opened -> opened.id();
                case StreamEvent.Violation v -> throw badXml(connection, v);
                case null -> throw new LinkFailure(LinkFailure.Kind.PROTOCOL,
                        peer + " closed the connection instead of answering the stream header for " + domain);
                default -> throw new LinkFailure(LinkFailure.Kind.PROTOCOL,
                        peer + " did not answer with a stream header");
            };
            if (id == null || id.isEmpty()) {
                throw new LinkFailure(LinkFailure.Kind.PROTOCOL, peer + " sent a stream header without an id");
            }
            // A server that will not serve this domain follows its header with a stream error at once.
            StreamEvent early = connection.parser.poll();
            if (early != null) {
                throw unexpected(connection, early);
            }
            connection.writeNow("<handshake>" + HandshakeDigest.of(id, settings.secret()) + "</handshake>");
            StreamEvent answer = connection.next(deadline);
            if (answer instanceof StreamEvent.TopElement top && top.element().getName().equals("handshake")
                    && top.element().getNamespaceURI().isEmpty()) {
                return;
            }
            throw unexpected(connection, answer);
        } catch (SocketTimeoutException e) {
            throw new LinkFailure(LinkFailure.Kind.TIMEOUT, peer + " did not complete the XEP-0114 handshake for "
                    + domain + " within " + settings.keepaliveTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw new LinkFailure(LinkFailure.Kind.IO, "connection to " + peer + " failed during the handshake for "
                    + domain + ": " + e.getMessage(), e);
        }
    }

    private LinkFailure unexpected(Connection connection, StreamEvent event) {
        String domain = settings.componentDomain();
        return switch (event) {
            case null -> new LinkFailure(LinkFailure.Kind.PROTOCOL, peer + " closed the connection during the"
                    + " handshake for " + domain + " (some servers do this on a wrong secret: check the component"
                    + " secret in both configs)");
            case StreamEvent.TopElement top when isStreamError(top.element()) ->
                    streamError(top.element(), true);
            case StreamEvent.Violation v -> badXml(connection, v);
            case StreamEvent.StreamClosed closed -> new LinkFailure(LinkFailure.Kind.PROTOCOL,
                    peer + " closed the stream during the handshake for " + domain);
            default -> {
                connection.sendStreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE);
                yield new LinkFailure(LinkFailure.Kind.PROTOCOL, peer + " sent something other than <handshake/>"
                        + " during the handshake for " + domain);
            }
        };
    }

    private LinkFailure badXml(Connection connection, StreamEvent.Violation v) {
        connection.sendStreamError(v.violation().condition());
        return new LinkFailure(LinkFailure.Kind.PROTOCOL, peer + " sent bad XML during the handshake ("
                + v.violation().getMessage() + "); sent stream error <" + v.violation().condition().elementName()
                + "/>", v.violation());
    }

    static boolean isStreamError(Element element) {
        return element.getName().equals("error") && StreamParser.STREAMS_NAMESPACE.equals(element.getNamespaceURI());
    }

    /** The failure a stream error from the server stands for (RFC 6120 section 4.9.3), with a clear message. */
    LinkFailure streamError(Element error, boolean duringHandshake) {
        StreamErrorCondition condition = StreamErrorCondition.UNDEFINED_CONDITION;
        String text = null;
        for (Element child : error.elements()) {
            if (!StreamErrorCondition.NAMESPACE.equals(child.getNamespaceURI())) {
                continue;
            }
            if (child.getName().equals("text")) {
                text = child.getTextTrim();
            } else {
                condition = StreamErrorCondition.fromElementName(child.getName());
            }
        }
        String domain = settings.componentDomain();
        String detail = text == null || text.isEmpty() ? "" : " (server says: " + text + ")";
        return switch (condition) {
            case NOT_AUTHORIZED -> new LinkFailure(LinkFailure.Kind.NOT_AUTHORIZED, "XMPP server " + peer
                    + " refused the handshake for component domain " + domain + " (not-authorized): the secrets"
                    + " differ; check the component secret in both configs (the gateway's and the server's"
                    + " Component entry for " + domain + ")" + detail);
            case HOST_UNKNOWN -> new LinkFailure(LinkFailure.Kind.HOST_UNKNOWN, "XMPP server " + peer
                    + " has no Component entry for " + domain + " (host-unknown): add one to the server's config"
                    + " (Prosody: Component \"" + domain + "\" with component_secret) or fix the component domain"
                    + detail);
            case CONFLICT -> new LinkFailure(LinkFailure.Kind.CONFLICT, "another instance is connected as "
                    + domain + " (conflict from " + peer + ")" + detail);
            case SYSTEM_SHUTDOWN -> new LinkFailure(LinkFailure.Kind.STREAM_ERROR, "XMPP server " + peer
                    + " is shutting down (system-shutdown)" + detail);
            default -> new LinkFailure(LinkFailure.Kind.STREAM_ERROR, "XMPP server " + peer + " closed the stream"
                    + (duringHandshake ? " during the handshake" : "") + " with stream error <"
                    + condition.elementName() + "/>" + detail);
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the socket is unusable either way.
        }
    }
}
