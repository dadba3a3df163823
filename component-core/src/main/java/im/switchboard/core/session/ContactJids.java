package im.switchboard.core.session;

import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.LegacyAddress;
import java.util.Objects;
import org.xmpp.packet.JID;

/**
 * Prints legacy addresses as JIDs on the component domain. The bridge's codec chooses the local part; this class
 * makes sure the result is a valid bare JID on our domain (THREATS X1: one foreign {@code from} closes the whole
 * component stream), whatever the codec returned.
 */
public final class ContactJids {

    private final String domain;
    private final AddressCodec codec;

    public ContactJids(String domain, AddressCodec codec) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * {@code codec.encode(address)@domain}.
     *
     * @throws IllegalArgumentException when the codec produced something that is not a single valid local part
     */
    public JID toJid(LegacyAddress address) {
        String local = codec.encode(address);
        if (local == null || local.isEmpty() || local.indexOf('@') >= 0 || local.indexOf('/') >= 0) {
            throw new IllegalArgumentException("the address codec produced an invalid local part for "
                    + address.getClass().getSimpleName());
        }
        JID jid = new JID(local, domain, null);
        if (!domain.equals(jid.getDomain()) || jid.getResource() != null || jid.getNode() == null) {
            throw new IllegalArgumentException("the address codec produced a JID outside " + domain);
        }
        return jid;
    }

    /** The component domain. */
    public String domain() {
        return domain;
    }
}
