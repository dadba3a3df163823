package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;
import static im.switchboard.registration.store.StoreFixtures.MAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.DerivedKeys;
import im.switchboard.registration.crypto.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.tools.ChangeFileEncryption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** THREATS G2 and G3: no secret, and not even a non-secret field, is readable in any file the store wrote. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretsAtRestTest {

    private static final List<String> PASSWORDS = List.of("Zq7-Capulet-Balcony-Secret", "Xx9-Mantua-Apothecary-Pw",
            "Wr4-Verona-Nightingale-Pass");
    private static final String NICK = "RosalineForgotten";

    @TempDir
    Path temp;

    @Test
    void noFileHoldsASecretOrANickInAnyEncoding() throws IOException, SQLException {
        Path file = temp.resolve("state").resolve("credentials.mv.db");
        MasterKey key = MasterKey.generate();
        try (CredentialDatabase database = CredentialDatabase.open(file, key)) {
            database.forDomain(IRC).save(new Registration("romeo@montague.lit", Map.of("nick", NICK),
                    Map.of("password", Secret.of(PASSWORDS.get(0)), "nickserv", Secret.of(PASSWORDS.get(1)))));
            database.forDomain(MAIL).save(new Registration("juliet@capulet.lit", Map.of("nick", NICK + "2"),
                    Map.of("password", Secret.of(PASSWORDS.get(2)))));
            // An update and a removal leave old versions behind in a naive store: they must not be readable either.
            database.forDomain(MAIL).save(new Registration("juliet@capulet.lit", Map.of("nick", NICK + "3"),
                    Map.of("password", Secret.of(PASSWORDS.get(2) + "-v2"))));
            database.forDomain(IRC).save(new Registration("nurse@capulet.lit", Map.of("nick", "nurse"),
                    Map.of("password", Secret.of(PASSWORDS.get(2) + "-nurse"))));
            database.forDomain(IRC).remove("nurse@capulet.lit");
        }
        List<Path> written;
        try (Stream<Path> files = Files.walk(temp)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertFalse(written.isEmpty());
        List<String> needles = new ArrayList<>();
        for (String password : PASSWORDS) {
            needles.add(password);
            needles.add(password.substring(0, 12));
        }
        needles.add(NICK);
        List<String> hits = new ArrayList<>();
        for (Path path : written) {
            byte[] content = Files.readAllBytes(path);
            for (String needle : needles) {
                for (Map.Entry<String, byte[]> encoding : encodings(needle).entrySet()) {
                    if (indexOf(content, encoding.getValue()) >= 0) {
                        hits.add(needle + " as " + encoding.getKey() + " in " + path);
                    }
                }
            }
        }
        assertEquals(List.of(), hits);
        // Control: with H2's file encryption taken off a copy, the nick is there in clear (so the file encryption
        // is what hid it above), while every stored secret is still sealed bytes that hold no password.
        Path scratch = Files.createDirectories(temp.resolveSibling(temp.getFileName() + "-control"));
        try {
            Files.copy(file, scratch.resolve("credentials.mv.db"));
            String[] passwords = new String(DerivedKeys.of(key).h2Password()).split(" ");
            ChangeFileEncryption.execute(scratch.toString(), "credentials", "AES", passwords[0].toCharArray(), null,
                    true);
            String url = "jdbc:h2:file:" + scratch.resolve("credentials") + ";IFEXISTS=TRUE;TRACE_LEVEL_FILE=0";
            List<String> nicks = new ArrayList<>();
            List<byte[]> sealed = new ArrayList<>();
            try (Connection plain = DriverManager.getConnection(url, "switchboard", passwords[1]);
                 Statement statement = plain.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT text_value, sealed_value FROM registration_field")) {
                while (rows.next()) {
                    if (rows.getString(1) != null) {
                        nicks.add(rows.getString(1));
                    } else {
                        sealed.add(rows.getBytes(2));
                    }
                }
            }
            assertTrue(nicks.contains(NICK) && nicks.contains(NICK + "3"), nicks.toString());
            assertEquals(3, sealed.size());
            for (byte[] value : sealed) {
                for (String password : PASSWORDS) {
                    for (Map.Entry<String, byte[]> encoding : encodings(password.substring(0, 12)).entrySet()) {
                        assertEquals(-1, indexOf(value, encoding.getValue()), password + " as " + encoding.getKey());
                    }
                }
            }
        } finally {
            try (Stream<Path> leftovers = Files.list(scratch)) {
                for (Path leftover : leftovers.toList()) {
                    Files.delete(leftover);
                }
            }
            Files.delete(scratch);
        }
        // And the data is really there: the scan looked at a file that holds it.
        try (CredentialDatabase database = CredentialDatabase.open(file, key)) {
            assertEquals(PASSWORDS.get(0), database.forDomain(IRC).find("romeo@montague.lit").orElseThrow()
                    .secrets().get("password").reveal());
            assertTrue(database.forDomain(IRC).find("nurse@capulet.lit").isEmpty());
        }
    }

    private static Map<String, byte[]> encodings(String needle) {
        byte[] utf8 = needle.getBytes(StandardCharsets.UTF_8);
        return Map.of("UTF-8", utf8,
                "UTF-16LE", needle.getBytes(StandardCharsets.UTF_16LE),
                "UTF-16BE", needle.getBytes(StandardCharsets.UTF_16BE),
                "base64", Base64.getEncoder().withoutPadding().encode(utf8),
                "hex", HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII),
                "HEX", HexFormat.of().withUpperCase().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
