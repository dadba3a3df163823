package im.switchboard.registration.store;

import im.switchboard.registration.Registration;
import im.switchboard.registration.crypto.MasterKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the master key of a closed database (see {@link CredentialDatabase#rotateKey}).
 *
 * <p>Steps, and what a crash after each leaves:
 * <ol>
 *   <li>The database is opened with the old key (fully verified; stale files of an earlier interrupted rotation
 *       are removed, never the live file), every registration read, and it is closed.</li>
 *   <li>A new database {@code <name>.rotating.mv.db} is built with the new key and every registration, and
 *       closed. Until the rename the live file is untouched: a crash leaves it opening with the old key.</li>
 *   <li>The old file gets a second name ({@code <name>.mv.db.before-rotation}, a hard link), then the new file
 *       is renamed over the live name atomically ({@code rename(2)}) and the directory synced. This rename is the
 *       commit point: afterwards the live file opens with the new key.</li>
 *   <li>The old file's bytes are overwritten with zeros through its second name, synced, and the name deleted,
 *       so the old-key copy does not stay on disk (THREATS G6 for a leaked old key).</li>
 * </ol>
 */
final class KeyRotation {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);
    private static final String ROTATING = "rotating";

    private KeyRotation() {
    }

    static void rotate(DatabaseFiles files, MasterKey oldKey, MasterKey newKey) {
        Objects.requireNonNull(oldKey, "oldKey");
        Objects.requireNonNull(newKey, "newKey");
        if (oldKey.equals(newKey)) {
            throw new CredentialStoreException("the new master key is the old one: nothing to rotate");
        }
        if (!Files.exists(files.databaseFile(), LinkOption.NOFOLLOW_LINKS)) {
            throw new CredentialStoreException("the database " + files.databaseFile() + " does not exist: "
                    + "nothing to rotate");
        }
        files.refuseKeyInside(newKey);
        DatabaseFiles rotating = files.sibling(ROTATING);

        Map<String, List<Registration>> registrations;
        // Opening with the old key also removes what an interrupted earlier rotation left (removeStaleFiles).
        try (CredentialDatabase old = CredentialDatabase.open(files.databaseFile(), oldKey)) {
            registrations = old.exportAll();
        }
        CrashHook.reach("rotate-after-read");
        try (CredentialDatabase fresh = CredentialDatabase.open(rotating.databaseFile(), newKey)) {
            for (Map.Entry<String, List<Registration>> domain : registrations.entrySet()) {
                for (Registration registration : domain.getValue()) {
                    fresh.forDomain(domain.getKey()).save(registration);
                    CrashHook.reach("rotate-while-copying");
                }
            }
        }
        CrashHook.reach("rotate-before-rename");

        Path backup = files.rotationBackup();
        boolean linked = link(backup, files.databaseFile());
        try {
            Files.move(rotating.databaseFile(), files.databaseFile(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot rename " + rotating.databaseFile() + " to "
                    + files.databaseFile() + " (" + e.getMessage() + "): the database still opens with the old key",
                    e);
        }
        files.syncDirectory();
        CrashHook.reach("rotate-after-rename");
        files.restrictPermissions();
        if (linked) {
            scrubAndDelete(backup, files.databaseFile());
        }
        LOG.info("credential database {} now uses the new master key ({} registrations in {} domains)",
                files.databaseFile(), registrations.values().stream().mapToInt(List::size).sum(),
                registrations.size());
    }

    /**
     * Removes the leftovers of an interrupted rotation: the (half-)built new file, which a crash before the rename
     * left unused, and the second name of the old file, which is either the live file itself (crash before the
     * rename: only the name goes) or the old-key file (crash after it: overwritten, then deleted). Called once the
     * live file has been opened, so nothing removed here is needed.
     */
    static void removeStaleFiles(DatabaseFiles files) {
        for (Path stale : files.sibling(ROTATING).existingFiles()) {
            LOG.warn("removing {}, left over from an interrupted key rotation", stale);
            delete(stale);
        }
        Path backup = files.rotationBackup();
        if (Files.exists(backup, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("removing {}, left over from an interrupted key rotation", backup);
            scrubAndDelete(backup, files.databaseFile());
        }
    }

    private static boolean link(Path link, Path target) {
        try {
            Files.createLink(link, target);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot hard-link {} to {} ({}): the old-key file will be unlinked without being overwritten",
                    link, target, e.getMessage());
            return false;
        }
    }

    /** Overwrites a file with zeros and deletes it; only unlinks it if it is (still) the live database. */
    private static void scrubAndDelete(Path file, Path live) {
        try {
            if (Files.exists(live) && Files.isSameFile(file, live)) {
                Files.delete(file);
                return;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long size = channel.size();
                ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
                for (long position = 0; position < size; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), size - position));
                    position += channel.write(zeros, position);
                }
                channel.force(true);
            }
            Files.delete(file);
        } catch (IOException e) {
            LOG.warn("cannot overwrite and delete {} ({}): delete it by hand", file, e.getMessage());
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot delete " + file + ", left over from an interrupted key "
                    + "rotation (" + e.getMessage() + "): delete it by hand", e);
        }
    }
}
