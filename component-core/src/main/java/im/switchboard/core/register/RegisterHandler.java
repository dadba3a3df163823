package im.switchboard.core.register;

import im.switchboard.core.error.StanzaError;
import im.switchboard.core.error.StanzaErrorException;
import im.switchboard.core.routing.IqHandler;
import im.switchboard.core.routing.IqHandlers;
import im.switchboard.core.routing.IqRequest;
import im.switchboard.core.routing.Target;
import im.switchboard.core.stanza.XmlChars;
import im.switchboard.registration.FormField;
import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError.Condition;

/** XEP-0077 {@code jabber:iq:register} on the component domain: the form (section 3.1), register, remove (3.2). */
public final class RegisterHandler {

    /** The XEP-0077 namespace. */
    public static final String NAMESPACE = "jabber:iq:register";

    /** XEP-0077 section 14.1 (schema): the field names the legacy {@code <query/>} shape can carry. */
    static final Set<String> REGISTERED_FIELDS = Set.of("username", "nick", "password", "name", "first", "last",
            "email", "address", "city", "state", "zip", "phone", "url", "date", "misc", "text", "key");

    /** Children of a legacy {@code <query/>} that are not values. */
    private static final Set<String> NOT_VALUES = Set.of("instructions", "registered");

    private final Registrar registrar;

    public RegisterHandler(Registrar registrar) {
        this.registrar = registrar;
    }

    /** Register {@code get} and {@code set} on the domain. */
    public void registerWith(IqHandlers handlers) {
        handlers.register(Target.DOMAIN, NAMESPACE, IQ.Type.get, IqHandler.sync(this::form));
        handlers.register(Target.DOMAIN, NAMESPACE, IQ.Type.set, this::submit);
    }

    /**
     * XEP-0077 section 3.1: the fields as the legacy shape (registered names only) and as an XEP-0004 form
     * (section 4, {@code FORM_TYPE} {@code jabber:iq:register}); a registered user gets {@code <registered/>} and
     * their current values (section 3.1, "Host Informs Entity of Current Registration"), secrets always empty.
     */
    IQ form(IqRequest request) {
        RegistrationForm form = registrar.form();
        Optional<Registration> current = request.sender().findRegistration();
        Map<String, String> values = current.map(Registration::fields).orElse(Map.of());
        Element query = DocumentHelper.createElement(QName.get("query", NAMESPACE));
        query.addElement("instructions").setText(XmlChars.strip(form.instructions()));
        if (current.isPresent()) {
            query.addElement("registered");
        }
        for (FormField field : form.fields()) {
            if (REGISTERED_FIELDS.contains(field.name())) {
                Element legacy = query.addElement(field.name());
                if (!field.secret() && values.containsKey(field.name())) {
                    legacy.setText(XmlChars.strip(values.get(field.name())));
                }
            }
        }
        Element x = DataForms.form("form", form.title(), form.instructions());
        DataForms.addFormType(x, NAMESPACE);
        DataForms.addFields(x, form.fields(), values);
        query.add(x);
        IQ result = request.result();
        result.setChildElement(query);
        return result;
    }

    private CompletionStage<IQ> submit(IqRequest request) throws StanzaErrorException {
        Element query = request.iq().getChildElement();
        if (request.iq().getFrom().getNode() == null) {
            // Only users register; a server or service address has no legacy account to hold.
            throw new StanzaErrorException(StanzaError.of(Condition.not_allowed, "only users can register"));
        }
        String user = request.sender().user();
        if (query.element("remove") != null) {
            return remove(request, query, user);
        }
        return registrar.register(user, values(query)).thenApply(registration -> request.result());
    }

    /** XEP-0077 section 3.2 and its error table. */
    private CompletionStage<IQ> remove(IqRequest request, Element query, String user) throws StanzaErrorException {
        if (query.elements().size() != 1) {
            throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                    "<remove/> must be the only child of <query/>"));
        }
        if (request.sender().findRegistration().isEmpty()) {
            throw new StanzaErrorException(StanzaError.of(Condition.registration_required, "you are not registered"));
        }
        return registrar.unregister(user, "Unregistered").thenCompose(removed -> removed
                ? CompletableFuture.completedFuture(request.result())
                : CompletableFuture.failedFuture(new StanzaErrorException(
                        StanzaError.of(Condition.registration_required, "you are not registered"))));
    }

    /** The submitted values: from the data form when there is one (XEP-0077 section 4), else the legacy fields. */
    static Map<String, List<String>> values(Element query) throws StanzaErrorException {
        Optional<Element> x = DataForms.find(query);
        if (x.isPresent()) {
            Element form = x.get();
            if (!"submit".equals(form.attributeValue("type"))) {
                throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                        "the data form must be of type 'submit' (XEP-0004 section 3.1)"));
            }
            Optional<String> formType = DataForms.formType(form);
            if (formType.isPresent() && !NAMESPACE.equals(formType.get())) {
                throw new StanzaErrorException(StanzaError.of(Condition.bad_request,
                        "FORM_TYPE must be " + NAMESPACE));
            }
            return DataForms.values(form);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element child : query.elements()) {
            if (!NAMESPACE.equals(child.getNamespaceURI()) || NOT_VALUES.contains(child.getName())) {
                continue;
            }
            values.computeIfAbsent(child.getName(), k -> new ArrayList<>()).add(child.getText());
        }
        return values;
    }
}
