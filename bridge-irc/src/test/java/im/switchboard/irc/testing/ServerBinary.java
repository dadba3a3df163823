package im.switchboard.irc.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds a server binary, or fails naming the Debian package that provides it (a test never skips). */
final class ServerBinary {

    private ServerBinary() {
    }

    /** The executable {@code name} on PATH or in the sbin/bin folders, else an {@link IllegalStateException}. */
    static Path find(String name, String debianPackage) {
        List<Path> folders = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String folder : path.split(":")) {
                if (!folder.isEmpty()) {
                    folders.add(Path.of(folder));
                }
            }
        }
        // /usr/sbin is not on a normal user's PATH, and the Debian packages of ngircd and inspircd put them there.
        folders.addAll(List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"), Path.of("/bin")));
        for (Path folder : folders) {
            Path candidate = folder.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " is not installed: the IRC tests need the Debian package '"
                + debianPackage + "' (apt-get install " + debianPackage + ", or run ./scripts/test.sh which"
                + " installs the test servers)");
    }

    /** True when this JVM runs as root (daemons then drop privileges or need to be told it is deliberate). */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
