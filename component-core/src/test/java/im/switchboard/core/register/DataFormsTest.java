package im.switchboard.core.register;

import static im.switchboard.core.testing.stanza.Stanzas.parseElement;
import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.registration.FieldType;
import im.switchboard.registration.FormField;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XEP-0004 rendering (section 3.2, field types of section 3.3) and reading of submitted forms. */
@Timeout(10)
class DataFormsTest {

    @Test
    void listSingleHasOptionsAndBooleanItsDefault() {
        Element x = DataForms.form("form", "", "");
        DataForms.addFields(x, List.of(
                new FormField("server", FieldType.LIST_SINGLE, "Server", "", true, 32, List.of("a.lit", "b.lit"),
                        Optional.empty()),
                new FormField("tls", FieldType.BOOLEAN, "Use TLS", "", false, 5, List.of(), Optional.of("true")),
                FormField.secret("password", "Password", "", 16).optional()), Map.of("password", "leaked?"));
        Element expected = parseElement("""
                <x xmlns='jabber:x:data' type='form'>
                  <field type='list-single' var='server' label='Server'>
                    <required/>
                    <option label='a.lit'><value>a.lit</value></option>
                    <option label='b.lit'><value>b.lit</value></option>
                  </field>
                  <field type='boolean' var='tls' label='Use TLS'><value>true</value></field>
                  <field type='text-private' var='password' label='Password'/>
                </x>""");
        assertEquals(normalise(expected.asXML()), normalise(x.asXML()));
    }

    @Test
    void submittedValuesLeaveOutFormType() {
        Element x = parseElement("""
                <x xmlns='jabber:x:data' type='submit'>
                  <field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>
                  <field var='username'><value>romeo</value></field>
                  <field var='nick'/>
                </x>""");
        assertEquals(Map.of("username", List.of("romeo"), "nick", List.of()), DataForms.values(x));
        assertEquals(Optional.of("jabber:iq:register"), DataForms.formType(x));
    }

    private static String normalise(String xml) {
        return xml.replaceAll(">\\s+<", "><").strip();
    }
}
