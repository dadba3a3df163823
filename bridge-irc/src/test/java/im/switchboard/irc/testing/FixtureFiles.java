package im.switchboard.irc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The private folder of one fixture: readable by a daemon that drops root privileges to {@code nobody}. */
final class FixtureFiles {

    private FixtureFiles() {
    }

    /** A new folder under the temp dir, mode 755 (ngircd reads its MOTD after dropping to nobody). */
    static Path newFolder(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fixture folder", e);
        }
    }

    /** A folder inside {@code dir} writable by anyone (for a daemon's own files after dropping root). */
    static Path writableFolder(Path dir, String name) {
        try {
            Path folder = Files.createDirectories(dir.resolve(name));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + name, e);
        }
    }

    /** Writes {@code text} to {@code dir/name}, mode 644, and returns the path. */
    static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name, e);
        }
    }
}
