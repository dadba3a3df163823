package im.switchboard.registration.store;

import im.switchboard.registration.crypto.MasterKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one H2 credential database: {@code <dir>/<name>.mv.db} and whatever H2 or a key rotation puts
 * beside it, their permissions, and the JDBC URL, which is built from the configured path only (THREATS G4).
 *
 * @param databaseFile the {@code .mv.db} file, absolute and normalised
 * @param directory    its directory
 * @param name         the file name without {@code .mv.db}, H2's database name
 */
record DatabaseFiles(Path databaseFile, Path directory, String name) {

    static final String SUFFIX = ".mv.db";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFiles.class);

    static DatabaseFiles of(Path configured) {
        Path file = configured.toAbsolutePath().normalize();
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!fileName.endsWith(SUFFIX) || fileName.length() == SUFFIX.length()) {
            throw new CredentialStoreException("the credential database path " + file + " must name an H2 file "
                    + "ending in " + SUFFIX + " (for example /var/lib/switchboard/credentials.mv.db)");
        }
        // H2 reads settings after ';' in a URL: a path must not be able to add any (THREATS G4).
        if (file.toString().indexOf(';') >= 0) {
            throw new CredentialStoreException("the credential database path " + file + " must not contain ';'");
        }
        return new DatabaseFiles(file, file.getParent(), fileName.substring(0, fileName.length() - SUFFIX.length()));
    }

    /**
     * The embedded URL: AES file encryption, no trace file, no server modes; the database must already exist
     * unless {@code create} (so H2 never creates an empty database by itself, THREATS G7).
     */
    String jdbcUrl(boolean readOnly, boolean create) {
        return "jdbc:h2:file:" + directory.resolve(name) + ";CIPHER=AES;TRACE_LEVEL_FILE=0;TRACE_LEVEL_SYSTEM_OUT=0"
                + ";IFEXISTS=" + (create ? "FALSE" : "TRUE") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                + (readOnly ? ";ACCESS_MODE_DATA=r" : "");
    }

    /** A database beside this one, named {@code <name>.<qualifier>.mv.db}: where a key rotation builds. */
    DatabaseFiles sibling(String qualifier) {
        return of(directory.resolve(name + "." + qualifier + SUFFIX));
    }

    /** Where the old file stays, as a hard link, while a key rotation swaps the new one in. */
    Path rotationBackup() {
        return directory.resolve(name + SUFFIX + ".before-rotation");
    }

    /** Files of this database name that H2 or a rotation may have written: {@code <name>.*.db}, ... */
    List<Path> existingFiles() {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                if (!fileName.startsWith(name + ".")) {
                    continue;
                }
                if (fileName.endsWith(".db") || fileName.contains(SUFFIX) || fileName.endsWith(".tempFile")
                        || fileName.endsWith(".newFile")) {
                    found.add(entry);
                }
            }
        } catch (IOException e) {
            throw new CredentialStoreException("cannot list the database directory " + directory + ": "
                    + e.getMessage(), e);
        }
        found.sort(null);
        return found;
    }

    /** Refuses a key read from a file in the database's directory tree: the file alone must be useless (G2). */
    void refuseKeyInside(MasterKey key) {
        key.keyFile().ifPresent(keyFile -> {
            Path dir = realOrNormal(directory);
            Path keyPath = realOrNormal(keyFile);
            if (keyPath.startsWith(dir)) {
                throw new CredentialStoreException("the master key file " + keyFile + " is inside the database "
                        + "directory " + directory + ": whoever copies the directory would have both; move the key "
                        + "file elsewhere");
            }
        });
    }

    private static Path realOrNormal(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** Creates the directory with mode 0700 if it is missing (its parents with the default mode). */
    void createDirectory() {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory.getParent());
            if (posix()) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
        } catch (IOException e) {
            throw new CredentialStoreException("cannot create the database directory " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Sets mode 0600 on every file of this database (H2 creates files with the process umask). */
    void restrictPermissions() {
        if (!posix()) {
            return;
        }
        for (Path file : existingFiles()) {
            try {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException e) {
                LOG.warn("cannot set mode 0600 on {}: {}", file, e.getMessage());
            }
        }
    }

    /** Makes a rename in the directory durable (POSIX: fsync the directory). */
    void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", directory, e.getMessage());
        }
    }

    private boolean posix() {
        try {
            return Files.getFileStore(Files.isDirectory(directory) ? directory : directory.getParent())
                    .supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }
}
