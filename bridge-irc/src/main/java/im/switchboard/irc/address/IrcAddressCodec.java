package im.switchboard.irc.address;

import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Biboumi's address grammar on JID local parts.
 *
 * <ul>
 *   <li>{@code #chan%irc.example.net}: a channel; {@code nick%irc.example.net}: a user;
 *       {@code irc.example.net}: the server.</li>
 *   <li>The server is after the <em>last</em> {@code %}: host names never hold one, channel names and nicks may
 *       ({@code #100%%irc.example.net} is the channel {@code #100%}).</li>
 *   <li>What a local part cannot hold ({@code space " & ' / : < > @ \}) is escaped per XEP-0106 section 4.2, so
 *       the channel {@code &ops} is {@code \26ops%irc.example.net}. The backslash is always escaped.</li>
 *   <li>Case: local parts are printed lower case (what nodeprep would make of them anyway); decoded addresses
 *       therefore carry the lower-case form, and {@link IrcAddress} compares case-insensitively.</li>
 *   <li>Fixed-server mode (a gateway for one network): {@code #chan} and {@code nick} without {@code %server}
 *       mean the configured server, which is printed without suffix; the server itself is its host name. Other
 *       servers are refused. A name holding a {@code %} is still printed with the suffix, so it stays
 *       unambiguous.</li>
 * </ul>
 *
 * <p>Pure and thread-safe.
 */
public final class IrcAddressCodec implements AddressCodec {

    private final Optional<String> fixedServer;

    /** A codec for a gateway where the user names the server in every address. */
    public IrcAddressCodec() {
        this.fixedServer = Optional.empty();
    }

    /**
     * A codec in fixed-server mode.
     *
     * @param fixedServer the one server this gateway connects to
     * @throws IllegalArgumentException if it is not a valid host name
     */
    public IrcAddressCodec(String fixedServer) {
        Objects.requireNonNull(fixedServer, "fixedServer");
        IrcNames.hostProblem(fixedServer).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        this.fixedServer = Optional.of(IrcAddress.fold(fixedServer));
    }

    /** The configured server in fixed-server mode. */
    public Optional<String> fixedServer() {
        return fixedServer;
    }

    @Override
    public IrcAddress decode(String localPart) throws InvalidAddressException {
        Objects.requireNonNull(localPart, "localPart");
        if (localPart.isEmpty()) {
            throw new InvalidAddressException("the address is empty");
        }
        int sep = localPart.lastIndexOf('%');
        if (sep < 0) {
            String whole = Xep0106.unescape(localPart);
            if (fixedServer.isEmpty()) {
                if (IrcNames.isChannelName(whole) || IrcNames.hostProblem(whole).isPresent()) {
                    throw new InvalidAddressException("'" + whole + "' names no IRC server; write "
                            + "#channel%irc.example.net, nick%irc.example.net or irc.example.net");
                }
                return new IrcAddress.Server(whole);
            }
            if (IrcAddress.fold(whole).equals(fixedServer.get())) {
                return new IrcAddress.Server(whole);
            }
            return target(whole, fixedServer.get());
        }
        String name = Xep0106.unescape(localPart.substring(0, sep));
        String host = Xep0106.unescape(localPart.substring(sep + 1));
        Optional<String> hostProblem = IrcNames.hostProblem(host);
        if (hostProblem.isPresent()) {
            throw new InvalidAddressException(hostProblem.get());
        }
        checkServer(host);
        return target(name, host);
    }

    @Override
    public String encode(LegacyAddress address) {
        if (!(address instanceof IrcAddress irc)) {
            throw new IllegalArgumentException("not an IRC address: " + address);
        }
        if (fixedServer.isPresent() && !fixedServer.get().equals(irc.server())) {
            throw new IllegalArgumentException("this codec only prints addresses on " + fixedServer.get());
        }
        return switch (irc) {
            case IrcAddress.Server s -> s.host();
            case IrcAddress.Channel c -> withServer(c.name(), c.server());
            case IrcAddress.User u -> withServer(u.nick(), u.server());
        };
    }

    @Override
    public String inputPrompt() {
        return "IRC channel, nickname or server";
    }

    @Override
    public String inputDescription() {
        return fixedServer.map(s -> "Enter a channel (#channel) or a nickname on " + s + ".")
                .orElse("Enter a channel and its server (#channel on irc.libera.chat), a nickname and its server "
                        + "(nick@irc.libera.chat) or a server (irc.libera.chat).");
    }

    /**
     * What people type: {@code #channel on irc.libera.chat}, {@code #channel@irc.libera.chat},
     * {@code nick@irc.libera.chat}, {@code nick%irc.libera.chat}, {@code irc.libera.chat}, and in fixed-server mode
     * {@code #channel} or {@code nick}. Nothing is unescaped: this is raw text, the display form is kept.
     */
    @Override
    public IrcAddress parseUserInput(String text) throws InvalidAddressException {
        String input = Objects.requireNonNull(text, "text").strip();
        if (input.isEmpty()) {
            throw new InvalidAddressException("the address is empty");
        }
        int on = lastIndexOfOn(input);
        if (on > 0) {
            return withHost(input.substring(0, on).strip(), input.substring(on + 4).strip());
        }
        int at = Math.max(input.lastIndexOf('@'), input.lastIndexOf('%'));
        if (at > 0) {
            return withHost(input.substring(0, at), input.substring(at + 1));
        }
        if (fixedServer.isPresent()) {
            if (IrcAddress.fold(input).equals(fixedServer.get())) {
                return new IrcAddress.Server(input);
            }
            return target(input, fixedServer.get());
        }
        if (IrcNames.isChannelName(input) || IrcNames.hostProblem(input).isPresent()) {
            throw new InvalidAddressException("name the server too, for example '" + input
                    + " on irc.libera.chat'");
        }
        return new IrcAddress.Server(input);
    }

    /** The last " on " in any case; not via toLowerCase, which may change the length (U+0130). */
    private static int lastIndexOfOn(String input) {
        for (int i = input.length() - 4; i > 0; i--) {
            if (input.regionMatches(true, i, " on ", 0, 4)) {
                return i;
            }
        }
        return -1;
    }

    private IrcAddress withHost(String name, String host) throws InvalidAddressException {
        Optional<String> hostProblem = IrcNames.hostProblem(host);
        if (hostProblem.isPresent()) {
            throw new InvalidAddressException(hostProblem.get());
        }
        checkServer(host);
        return target(name, host);
    }

    private void checkServer(String host) throws InvalidAddressException {
        if (fixedServer.isPresent() && !fixedServer.get().equals(IrcAddress.fold(host))) {
            throw new InvalidAddressException("this gateway only connects to " + fixedServer.get());
        }
    }

    private static IrcAddress target(String name, String host) throws InvalidAddressException {
        if (IrcNames.isChannelName(name)) {
            Optional<String> problem = IrcNames.channelProblem(name);
            if (problem.isPresent()) {
                throw new InvalidAddressException(problem.get());
            }
            return new IrcAddress.Channel(host, name);
        }
        Optional<String> problem = IrcNames.nickProblem(name);
        if (problem.isPresent()) {
            throw new InvalidAddressException(problem.get());
        }
        return new IrcAddress.User(host, name);
    }

    private String withServer(String name, String server) {
        String local = Xep0106.escape(IrcAddress.fold(name));
        if (fixedServer.isPresent() && name.indexOf('%') < 0) {
            return local;
        }
        return local + "%" + server;
    }
}
