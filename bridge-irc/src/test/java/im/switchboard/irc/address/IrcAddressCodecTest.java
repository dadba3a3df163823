package im.switchboard.irc.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.InvalidAddressException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Biboumi's grammar on JID local parts, XEP-0106 section 4.2 escaping, fixed-server mode. */
@Timeout(10)
class IrcAddressCodecTest {

    private final IrcAddressCodec codec = new IrcAddressCodec();
    private final IrcAddressCodec fixed = new IrcAddressCodec("irc.example.net");

    @Test
    void biboumiForms() throws Exception {
        assertEquals(new IrcAddress.Channel("irc.example.net", "#chan"), codec.decode("#chan%irc.example.net"));
        assertEquals(new IrcAddress.User("irc.example.net", "nick"), codec.decode("nick%irc.example.net"));
        assertEquals(new IrcAddress.Server("irc.example.net"), codec.decode("irc.example.net"));
        assertEquals("#chan%irc.example.net", codec.encode(new IrcAddress.Channel("irc.example.net", "#chan")));
        assertEquals("nick%irc.example.net", codec.encode(new IrcAddress.User("irc.example.net", "nick")));
        assertEquals("irc.example.net", codec.encode(new IrcAddress.Server("irc.example.net")));
    }

    @Test
    void everyChannelPrefix() throws Exception {
        for (String name : new String[] {"#a", "&a", "+a", "!a"}) {
            IrcAddress a = codec.decode(Xep0106.escape(name) + "%irc.example.net");
            assertEquals(new IrcAddress.Channel("irc.example.net", name), a);
        }
        assertEquals("\\26ops%irc.example.net", codec.encode(new IrcAddress.Channel("irc.example.net", "&ops")));
    }

    @Test
    void serverIsAfterTheLastPercent() throws Exception {
        IrcAddress a = codec.decode("#100%%irc.example.net");
        assertEquals(new IrcAddress.Channel("irc.example.net", "#100%"), a);
        assertEquals("#100%%irc.example.net", codec.encode(a));
    }

    @Test
    void xep0106EscapesWhatALocalPartCannotHold() throws Exception {
        IrcAddress.Channel c = new IrcAddress.Channel("irc.example.net", "#a/b@c:d\\e\"f'g<h>i&j");
        String local = codec.encode(c);
        assertEquals("#a\\2fb\\40c\\3ad\\5ce\\22f\\27g\\3ch\\3ei\\26j%irc.example.net", local);
        for (char bad : " \"&'/:<>@".toCharArray()) {
            assertFalse(local.indexOf(bad) >= 0, "unescaped " + bad);
        }
        assertEquals(c, codec.decode(local));
    }

    @Test
    void backslashNotStartingAnEscapeStaysLiteral() throws Exception {
        // XEP-0106 section 4.3: "\\zz" is no escape sequence; we print a backslash always as "\\5c".
        IrcAddress a = codec.decode("nick\\zz%irc.example.net");
        assertEquals(new IrcAddress.User("irc.example.net", "nick\\zz"), a);
        assertEquals("nick\\5czz%irc.example.net", codec.encode(a));
        assertEquals(a, codec.decode(codec.encode(a)));
    }

    @Test
    void caseIsFoldedInJidsAndKeptForDisplay() throws Exception {
        IrcAddress.Channel display = new IrcAddress.Channel("IRC.Example.NET", "#Switchboard");
        assertEquals("#switchboard%irc.example.net", codec.encode(display));
        IrcAddress decoded = codec.decode(codec.encode(display));
        assertEquals(display, decoded);
        assertEquals(display.hashCode(), decoded.hashCode());
        assertEquals("#Switchboard on irc.example.net", display.display());
        assertEquals(new IrcAddress.User("irc.example.net", "Alice"), new IrcAddress.User("irc.example.net", "aLiCe"));
        assertNotEquals(new IrcAddress.User("irc.example.net", "alice"),
                new IrcAddress.Channel("irc.example.net", "alice"));
        // An upper-case local part (not nodeprepped) decodes to the same address.
        assertEquals(new IrcAddress.User("irc.example.net", "bob"), codec.decode("BOB%IRC.EXAMPLE.NET"));
    }

    @Test
    void onlyChannelsAreRooms() throws InvalidAddressException {
        assertTrue(codec.decode("#chan%irc.example.net").isRoom());
        assertFalse(codec.decode("alice%irc.example.net").isRoom());
        assertFalse(codec.decode("irc.example.net").isRoom());
    }

    @Test
    void aSingleLabelHostIsAServerAsInBiboumi() throws InvalidAddressException {
        assertEquals(new IrcAddress.Server("localhost"), codec.decode("localhost"));
        assertEquals(new IrcAddress.Channel("localhost", "#test"), codec.decode("#test%localhost"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#chan", "ni ck", "#chan%", "nick%not_a_host", "%irc.example.net",
        "#a,b%irc.example.net", "ni\\20ck%irc.example.net", "#a\\20b%irc.example.net", "ni*ck%irc.example.net",
        "$nick%irc.example.net", "ni.ck%irc.example.net", "#%irc.example.net", "irc..example.net",
        "-irc.example.net", "ni\u0007ck%irc.example.net", "#a\u0000b%irc.example.net", "nick%irc.example.net\\40x"})
    void invalidLocalPartsAreRefusedWithAText(String local) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> codec.decode(local));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void lengthCaps() {
        String longNick = "n".repeat(IrcNames.MAX_NICK_LENGTH + 1);
        InvalidAddressException e = assertThrows(InvalidAddressException.class,
                () -> codec.decode(longNick + "%irc.example.net"));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        assertThrows(InvalidAddressException.class,
                () -> codec.decode("#" + "c".repeat(IrcNames.MAX_CHANNEL_LENGTH) + "%irc.example.net"));
        assertThrows(InvalidAddressException.class, () -> codec.decode("a".repeat(64) + ".net"));
    }

    @Test
    void fixedServerMode() throws Exception {
        assertEquals(new IrcAddress.Channel("irc.example.net", "#chan"), fixed.decode("#chan"));
        assertEquals(new IrcAddress.User("irc.example.net", "nick"), fixed.decode("nick"));
        assertEquals(new IrcAddress.Server("irc.example.net"), fixed.decode("irc.example.net"));
        assertEquals(new IrcAddress.Channel("irc.example.net", "#chan"), fixed.decode("#chan%irc.example.net"));
        assertEquals("#chan", fixed.encode(new IrcAddress.Channel("irc.example.net", "#chan")));
        assertEquals("nick", fixed.encode(new IrcAddress.User("irc.example.net", "Nick")));
        // A name with a percent keeps its suffix, or "#a%b" would read as server "b".
        assertEquals("#a%b%irc.example.net", fixed.encode(new IrcAddress.Channel("irc.example.net", "#a%b")));
        InvalidAddressException e = assertThrows(InvalidAddressException.class,
                () -> fixed.decode("#chan%irc.libera.chat"));
        assertTrue(e.getMessage().contains("only connects to irc.example.net"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> fixed.encode(new IrcAddress.Channel("irc.libera.chat", "#chan")));
        assertThrows(IllegalArgumentException.class, () -> new IrcAddressCodec("not a host"));
    }

    @Test
    void userInput() throws Exception {
        IrcAddress.Channel libera = new IrcAddress.Channel("irc.libera.chat", "#channel");
        assertEquals(libera, codec.parseUserInput("#channel on irc.libera.chat"));
        assertEquals(libera, codec.parseUserInput("  #channel ON irc.libera.chat "));
        assertEquals(libera, codec.parseUserInput("#channel@irc.libera.chat"));
        assertEquals(libera, codec.parseUserInput("#channel%irc.libera.chat"));
        assertEquals(new IrcAddress.User("irc.libera.chat", "nick"), codec.parseUserInput("nick@irc.libera.chat"));
        assertEquals(new IrcAddress.Server("irc.libera.chat"), codec.parseUserInput("irc.libera.chat"));
        // Display form kept: people type case, and no XEP-0106 unescaping happens on typed text.
        IrcAddress.Channel typed = (IrcAddress.Channel) codec.parseUserInput("#Foo/Bar on irc.libera.chat");
        assertEquals("#Foo/Bar", typed.name());
        InvalidAddressException e = assertThrows(InvalidAddressException.class,
                () -> codec.parseUserInput("#channel"));
        assertTrue(e.getMessage().contains("on irc.libera.chat"), e.getMessage());
        assertThrows(InvalidAddressException.class, () -> codec.parseUserInput("   "));
        // U+0130 grows when lower-cased; the " on " split must not shift.
        assertEquals(new IrcAddress.Channel("irc.libera.chat", "#\u0130\u0130x"),
                codec.parseUserInput("#\u0130\u0130x on irc.libera.chat"));
        assertThrows(InvalidAddressException.class, () -> codec.parseUserInput("#chan nel on irc.libera.chat"));
        assertEquals(new IrcAddress.Channel("irc.example.net", "#chan"), fixed.parseUserInput("#chan"));
        assertEquals(new IrcAddress.User("irc.example.net", "alice"), fixed.parseUserInput("alice"));
        assertThrows(InvalidAddressException.class, () -> fixed.parseUserInput("#chan on irc.libera.chat"));
    }

    /** decode(encode(a)) == a and encode(decode(x)) == x for generated addresses, both modes. */
    @Test
    void roundTripProperty() throws Exception {
        Random random = new Random(20261122L);
        String[] hosts = {"irc.example.net", "irc.libera.chat", "chat.freenode.example", "10.0.0.1"};
        for (int n = 0; n < 5000; n++) {
            String host = hosts[random.nextInt(hosts.length)];
            IrcAddress a = switch (random.nextInt(3)) {
                case 0 -> new IrcAddress.Channel(host, "#&+!".charAt(random.nextInt(4)) + name(random, true));
                case 1 -> new IrcAddress.User(host, name(random, false));
                default -> new IrcAddress.Server(host);
            };
            String local = codec.encode(a);
            assertLocalPartSafe(local);
            assertEquals(a, codec.decode(local), local);
            assertEquals(local, codec.encode(codec.decode(local)));
            if (host.equals("irc.example.net")) {
                String fixedLocal = fixed.encode(a);
                assertLocalPartSafe(fixedLocal);
                assertEquals(a, fixed.decode(fixedLocal), fixedLocal);
                assertEquals(fixedLocal, fixed.encode(fixed.decode(fixedLocal)));
            }
        }
    }

    /** Arbitrary local parts: decoding never throws anything but InvalidAddressException and is stable. */
    @Test
    void arbitraryLocalPartsDecodeStably() {
        Random random = new Random(106);
        String[] pieces = {"#", "&", "%", "irc.example.net", ".", "\\", "\\40", "\\5c", "\\2f", "\\20", "a", "B",
            "é", "\uD83D\uDE00", ",", "@", "!", "-", "1", "\u0001"};
        int decoded = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder local = new StringBuilder();
            int len = 1 + random.nextInt(6);
            for (int i = 0; i < len; i++) {
                local.append(pieces[random.nextInt(pieces.length)]);
            }
            for (IrcAddressCodec c : new IrcAddressCodec[] {codec, fixed}) {
                IrcAddress a;
                try {
                    a = c.decode(local.toString());
                } catch (InvalidAddressException e) {
                    assertFalse(e.getMessage().isBlank());
                    continue;
                }
                decoded++;
                String canonical = c.encode(a);
                assertLocalPartSafe(canonical);
                try {
                    assertEquals(a, c.decode(canonical), local + " -> " + canonical);
                } catch (InvalidAddressException e) {
                    throw new AssertionError(local + " -> " + canonical + ": " + e.getMessage(), e);
                }
                assertEquals(canonical, c.encode(a));
            }
        }
        assertTrue(decoded > 1000, "too few valid cases: " + decoded);
    }

    private static void assertLocalPartSafe(String local) {
        for (char c : " \"&'/:<>@".toCharArray()) {
            assertTrue(local.indexOf(c) < 0, local);
        }
        assertEquals(local.toLowerCase(java.util.Locale.ROOT), local);
    }

    /** Nicks and channel names with Unicode, '%', '@', '/', '\' and the other escaped characters. */
    private static String name(Random random, boolean channel) {
        String alphabet = channel
                ? "abcXYZ019_-%@/\\\"&'<>:[]{}|^é漢字ßΣ\uD83D\uDE00"
                : "abcXYZ019_-%/\\\"&'<>:[]{}|^é漢字ßΣ\uD83D\uDE00";
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        if (!channel) {
            out.append("abcXYZé漢".charAt(random.nextInt(8)));
        }
        int len = 1 + random.nextInt(12);
        for (int i = 0; i < len; i++) {
            out.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return out.toString();
    }
}
