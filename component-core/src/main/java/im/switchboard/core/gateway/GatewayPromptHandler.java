package im.switchboard.core.gateway;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.routing.IqHandler;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.IqRequest;
import im.switchboard.core.routing.Target;
import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.stanza.XmlChars;
import java.util.Objects;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError.Condition;

/**
 * Answers {@code jabber:iq:gateway} on the domain (XEP-0100 section 6.3). The spec names no error for input the
 * gateway cannot translate; we answer {@code not-acceptable} (modify) with the codec's explanation, the condition
 * XEP-0077 uses for values a host cannot accept, so the client can let its user correct the input.
 */
public final class GatewayPromptHandler {

    /** The namespace. */
    public static final String NAMESPACE = "jabber:iq:gateway";

    /** Longer input than any legacy address; refused before the codec sees it. */
    static final int MAX_INPUT = 1024;

    private final String domain;
    private final AddressCodec codec;

    public GatewayPromptHandler(String domain, AddressCodec codec) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** Register {@code get} and {@code set} on the domain. */
    public void registerWith(IqHandlers handlers) {
        handlers.register(Target.DOMAIN, NAMESPACE, IQ.Type.get, IqHandler.sync(this::prompt));
        handlers.register(Target.DOMAIN, NAMESPACE, IQ.Type.set, IqHandler.sync(this::translate));
    }

    /** Section 6.3, "Gateway Returns Prompt": {@code <desc/>} is the text, {@code <prompt/>} the item's name. */
    private IQ prompt(IqRequest request) {
        Element query = DocumentHelper.createElement(QName.get("query", NAMESPACE));
        query.addElement("desc").setText(XmlChars.strip(codec.inputDescription()));
        query.addElement("prompt").setText(XmlChars.strip(codec.inputPrompt()));
        IQ result = request.result();
        result.setChildElement(query);
        return result;
    }

    /** Section 6.3, "Gateway Returns JID". */
    private IQ translate(IqRequest request) throws StanzaErrorException {
        Element prompt = request.iq().getChildElement().element("prompt");
        if (prompt == null) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request, "the request needs a <prompt/>"));
        }
        String text = prompt.getText();
        if (text.isBlank() || text.length() > MAX_INPUT) {
            throw new StanzaErrorException(StanzaError.of(Condition.not_acceptable,
                    text.isBlank() ? "enter an address" : "the address is too long"));
        }
        JID jid;
        try {
            jid = new JID(codec.encode(codec.parseUserInput(text)), domain, null);
        } catch (InvalidAddressException e) {
            throw new StanzaErrorException(StanzaError.of(Condition.not_acceptable,
                    Objects.toString(e.getMessage(), "not a valid address")));
        } catch (IllegalArgumentException e) {
            // The codec printed a local part the JID rules refuse: the input cannot name a contact here.
            throw new StanzaErrorException(StanzaError.of(Condition.not_acceptable, "not a valid address"));
        }
        Element query = DocumentHelper.createElement(QName.get("query", NAMESPACE));
        query.addElement("jid").setText(jid.toBareJID());
        IQ result = request.result();
        result.setChildElement(query);
        return result;
    }
}
