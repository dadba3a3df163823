package im.switchboard.irc.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.Objects;
import javax.net.SocketFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The socket PircBotX connects with: TCP to an address {@link AddressGuard} checked (I4: connect to the checked
 * addresses; any other address is refused here too), with a connect timeout (C1), then TLS when the policy
 * says so (C4) with the certificate verified against the policy's host name, never the IP: SNI carries the name and
 * endpoint identification "HTTPS" (RFC 2818 / RFC 6125 rules) checks it.
 */
final class PinnedSocketFactory extends SocketFactory {

    private final Set<InetAddress> pinned;
    private final String tlsHost;
    private final SSLContext tls;
    private final int connectTimeoutMillis;
    private final Consumer<Socket> connected;

    /**
     * @param pinned    the checked addresses
     * @param tlsHost   the policy's host name
     * @param tls       the TLS context, or {@code null} for plaintext (the admin's explicit choice)
     * @param connected told of the TCP socket as soon as it is connected, before TLS: an IRC server may ask the
     *                  ident server about it right after accepting it
     */
    PinnedSocketFactory(List<InetAddress> pinned, String tlsHost, SSLContext tls, int connectTimeoutMillis,
            Consumer<Socket> connected) {
        this.pinned = Set.copyOf(pinned);
        this.tlsHost = Objects.requireNonNull(tlsHost, "tlsHost");
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.connected = Objects.requireNonNull(connected, "connected");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        if (!pinned.contains(address)) {
            throw new IOException("refusing an address other than the checked one");
        }
        Socket plain = new Socket();
        try {
            if (localAddress != null) {
                plain.bind(new InetSocketAddress(localAddress, localPort));
            }
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
            connected.accept(plain);
            if (tls == null) {
                return plain;
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, tlsHost, port, true);
            SSLParameters params = secure.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(tlsHost)) {
                params.setServerNames(List.of(new SNIHostName(tlsHost)));
            }
            secure.setSSLParameters(params);
            secure.setSoTimeout(connectTimeoutMillis);
            secure.startHandshake();
            return secure;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return createSocket(address, port, null, 0);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("this factory connects only to the checked address, not to a name");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new IOException("this factory connects only to the checked address, not to a name");
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    }
}
