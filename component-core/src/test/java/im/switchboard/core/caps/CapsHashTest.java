package im.switchboard.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.switchboard.core.disco.DiscoInfo;
import im.switchboard.core.disco.Identity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XEP-0115 section 5 verification strings. */
@Timeout(10)
class CapsHashTest {

    @Test
    void simpleGenerationExampleOfSection52() {
        DiscoInfo exodus = new DiscoInfo(List.of(Identity.of("client", "pc", "Exodus 0.9.1")), Set.of(
                "http://jabber.org/protocol/disco#info",
                "http://jabber.org/protocol/disco#items",
                "http://jabber.org/protocol/muc",
                "http://jabber.org/protocol/caps"));
        assertEquals("client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<"
                + "http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<"
                + "http://jabber.org/protocol/muc<", CapsHash.verificationInput(exodus));
        assertEquals("QgayPKawpkPSDYmwT/WM94uAlu0=", CapsHash.ver(exodus));
    }

    @Test
    void identitiesSortByCategoryTypeAndLangAsInSection53() {
        // XEP-0115 section 5.3 (complex example) identities, without the extended form: order and xml:lang.
        DiscoInfo psi = new DiscoInfo(List.of(
                new Identity("client", "pc", "en", "Psi 0.11"),
                new Identity("client", "pc", "el", "\u03a8 0.11")), Set.of("urn:xmpp:dataforms:softwareinfo"));
        assertEquals("client/pc/el/\u03a8 0.11<client/pc/en/Psi 0.11<urn:xmpp:dataforms:softwareinfo<",
                CapsHash.verificationInput(psi));
    }

    @Test
    void elementCarriesHashNodeAndVer() {
        Caps caps = new Caps("https://switchboard.im", "abc=");
        assertEquals("<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"https://switchboard.im\""
                + " ver=\"abc=\"/>", caps.element().asXML());
        assertEquals("https://switchboard.im#abc=", caps.discoNode());
    }
}
