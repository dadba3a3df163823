package im.switchboard.core.register;

import im.switchboard.core.stanza.XmlChars;
import im.switchboard.registration.FieldType;
import im.switchboard.registration.FormField;
import im.switchboard.registration.RegistrationForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;

/** XEP-0004 data forms: rendering a {@link RegistrationForm} and reading a submitted form. Pure functions. */
public final class DataForms {

    /** The XEP-0004 namespace. */
    public static final String NAMESPACE = "jabber:x:data";
    /** XEP-0068: the hidden field that names the form's purpose. */
    public static final String FORM_TYPE = "FORM_TYPE";

    private DataForms() {
    }

    /** A new, empty {@code <x xmlns='jabber:x:data' type='...'/>}. */
    public static Element form(String type, String title, String instructions) {
        Element x = DocumentHelper.createElement(QName.get("x", NAMESPACE));
        x.addAttribute("type", type);
        if (!title.isEmpty()) {
            x.addElement("title").setText(XmlChars.strip(title));
        }
        if (!instructions.isEmpty()) {
            x.addElement("instructions").setText(XmlChars.strip(instructions));
        }
        return x;
    }

    /** Add the hidden {@code FORM_TYPE} field (XEP-0068 section 3). */
    public static void addFormType(Element x, String formType) {
        Element field = x.addElement("field").addAttribute("type", "hidden").addAttribute("var", FORM_TYPE);
        field.addElement("value").setText(formType);
    }

    /**
     * Add the fields of {@code form} to {@code x} (XEP-0004 section 3.2), each with its current value from
     * {@code values} or else its default. Secret fields never carry a value.
     */
    public static void addFields(Element x, List<FormField> fields, Map<String, String> values) {
        for (FormField f : fields) {
            Element field = x.addElement("field").addAttribute("type", typeName(f.type()))
                    .addAttribute("var", f.name()).addAttribute("label", XmlChars.strip(f.label()));
            if (!f.description().isEmpty()) {
                field.addElement("desc").setText(XmlChars.strip(f.description()));
            }
            if (f.required()) {
                field.addElement("required");
            }
            Optional<String> value = f.secret() ? Optional.empty()
                    : Optional.ofNullable(values.get(f.name())).or(f::defaultValue);
            value.ifPresent(v -> field.addElement("value").setText(XmlChars.strip(v)));
            for (String option : f.options()) {
                Element o = field.addElement("option").addAttribute("label", XmlChars.strip(option));
                o.addElement("value").setText(XmlChars.strip(option));
            }
        }
    }

    /** Add a field of a result form (XEP-0004 section 3.1, {@code type='result'} forms). */
    public static void addResultField(Element x, String var, String label, String type, List<String> values) {
        Element field = x.addElement("field").addAttribute("var", var).addAttribute("label", XmlChars.strip(label));
        if (!type.isEmpty()) {
            field.addAttribute("type", type);
        }
        for (String v : values) {
            field.addElement("value").setText(XmlChars.strip(v));
        }
    }

    /** The XEP-0004 name of a field type (section 3.3). */
    public static String typeName(FieldType type) {
        return switch (type) {
            case TEXT_SINGLE -> "text-single";
            case TEXT_PRIVATE -> "text-private";
            case BOOLEAN -> "boolean";
            case LIST_SINGLE -> "list-single";
        };
    }

    /** The first {@code jabber:x:data} child of {@code parent}, if any. */
    public static Optional<Element> find(Element parent) {
        for (Element child : parent.elements()) {
            if ("x".equals(child.getName()) && NAMESPACE.equals(child.getNamespaceURI())) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /**
     * The values of a submitted form (XEP-0004 section 3.1, type {@code submit}) by {@code var}, in document
     * order; {@code FORM_TYPE} is left out. A field without {@code var} is kept under the empty name so that the
     * caller can refuse it.
     */
    public static Map<String, List<String>> values(Element x) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element field : x.elements("field")) {
            String var = field.attributeValue("var", "");
            if (FORM_TYPE.equals(var)) {
                continue;
            }
            List<String> list = values.computeIfAbsent(var, k -> new ArrayList<>());
            for (Element value : field.elements("value")) {
                list.add(value.getText());
            }
        }
        return values;
    }

    /** The {@code FORM_TYPE} of a submitted form, if it has one. */
    public static Optional<String> formType(Element x) {
        for (Element field : x.elements("field")) {
            if (FORM_TYPE.equals(field.attributeValue("var"))) {
                return Optional.ofNullable(field.elementText("value"));
            }
        }
        return Optional.empty();
    }
}
