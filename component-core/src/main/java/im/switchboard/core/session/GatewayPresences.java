package im.switchboard.core.session;

import im.switchboard.core.caps.Caps;
import im.switchboard.core.spi.ConnectionState;
import im.switchboard.core.stanza.XmlChars;
import java.util.Objects;
import java.util.function.Supplier;
import org.xmpp.packet.JID;
import org.xmpp.packet.Presence;

/**
 * The presences the gateway itself sends, each with its XEP-0115 {@code <c/>} element.
 *
 * <p>How a {@link ConnectionState} is shown (XEP-0100 sections 4.4 and 4.5 define only "available when logged
 * in" and "unavailable when logged out"; the in-between is ours):
 * <ul>
 * <li>{@code CONNECTED}: available.</li>
 * <li>{@code CONNECTING}: available with {@code <show>away</show>} and a status: the user sees that the
 *     gateway is there and busy logging in, and clients keep the gateway's contacts visible; {@code unavailable}
 *     would look like a failure.</li>
 * <li>{@code DISCONNECTED}, {@code FAILED}: unavailable, with the bridge's detail as {@code <status/>}.</li>
 * </ul>
 */
public final class GatewayPresences {

    /** The status shown while logging in. */
    public static final String CONNECTING_STATUS = "Connecting\u2026";

    private final JID domain;
    private final Supplier<Caps> caps;

    public GatewayPresences(String domain, Supplier<Caps> caps) {
        this.domain = new JID(null, domain, null);
        this.caps = Objects.requireNonNull(caps, "caps");
    }

    /** The presence that shows {@code state} to {@code to}. */
    public Presence forState(JID to, ConnectionState state, String detail) {
        return switch (state) {
            case CONNECTED -> available(to);
            case CONNECTING -> {
                Presence p = new Presence();
                p.setFrom(domain);
                p.setTo(to);
                p.setShow(Presence.Show.away);
                p.setStatus(detail.isEmpty() ? CONNECTING_STATUS : XmlChars.strip(detail));
                withCaps(p);
                yield p;
            }
            case DISCONNECTED, FAILED -> unavailable(to, detail);
        };
    }

    /** Available presence from the domain. */
    public Presence available(JID to) {
        Presence p = new Presence();
        p.setFrom(domain);
        p.setTo(to);
        withCaps(p);
        return p;
    }

    /** Unavailable presence from the domain, with a status when {@code status} is not empty. */
    public Presence unavailable(JID to, String status) {
        Presence p = new Presence(Presence.Type.unavailable);
        p.setFrom(domain);
        p.setTo(to);
        String text = XmlChars.strip(status);
        if (!text.isEmpty()) {
            p.setStatus(text);
        }
        withCaps(p);
        return p;
    }

    /** A presence of {@code type} (subscription management or probe) from {@code from} to {@code to}. */
    public Presence ofType(Presence.Type type, JID from, JID to) {
        Presence p = new Presence(type);
        p.setFrom(from);
        p.setTo(to);
        if (from.getNode() == null) {
            withCaps(p);
        }
        return p;
    }

    /** The domain. */
    public JID domain() {
        return domain;
    }

    private void withCaps(Presence p) {
        caps.get().addTo(p);
    }
}
