package im.switchboard.registration.store;

import im.switchboard.config.Secret;
import im.switchboard.registration.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Registrations and file helpers shared by the store tests. */
final class StoreFixtures {

    static final String IRC = "irc.example.org";
    static final String MAIL = "mail.example.org";

    private StoreFixtures() {
    }

    /** Romeo's IRC registration: a nick in clear and a password that must never be in clear on disk. */
    static Registration romeo(String password) {
        return new Registration("romeo@montague.lit", Map.of("nick", "RomeoMontague", "server", "irc.libera.chat"),
                Map.of("password", Secret.of(password)));
    }

    /** A numbered user with two fields and two secrets whose values all carry the number and a version tag. */
    static Registration user(int number, String version) {
        return new Registration("user" + number + "@montague.lit",
                Map.of("nick", "nick" + number + "-" + version, "server", "server-" + version),
                Map.of("password", Secret.of("pw" + number + "-" + version),
                        "sasl", Secret.of("sasl" + number + "-" + version)));
    }

    /** SHA-256 of every regular file under a directory, by relative path. */
    static Map<String, String> hashes(Path directory) {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                hashes.put(directory.relativize(file).toString(), HexFormat.of().formatHex(digest));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return hashes;
    }
}
