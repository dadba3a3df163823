package im.switchboard.core.version;

import im.switchboard.core.routing.IqHandler;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.IqRequest;
import im.switchboard.core.routing.Target;
import java.util.Objects;
import java.util.Optional;
import org.dom4j.Element;
import org.xmpp.packet.IQ;

/**
 * XEP-0092 section 2: {@code name} and {@code version} are required, {@code os} is optional and off unless
 * configured (section 6: it tells an attacker what to attack).
 */
public final class VersionHandler {

    /** The XEP-0092 namespace. */
    public static final String NAMESPACE = "jabber:iq:version";
    /** The software name reported. */
    public static final String NAME = "Switchboard";

    private final String version;
    private final Optional<String> os;

    public VersionHandler(String version, Optional<String> os) {
        this.version = Objects.requireNonNull(version, "version");
        this.os = Objects.requireNonNull(os, "os");
    }

    /** Register for {@code get} on the domain. */
    public void registerWith(IqHandlers handlers) {
        handlers.register(Target.DOMAIN, NAMESPACE, IQ.Type.get, IqHandler.sync(this::answer));
    }

    private IQ answer(IqRequest request) {
        IQ result = request.result();
        Element query = result.setChildElement("query", NAMESPACE);
        query.addElement("name").setText(NAME);
        query.addElement("version").setText(version);
        os.ifPresent(value -> query.addElement("os").setText(value));
        return result;
    }
}
