package im.switchboard.core.history;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bytes of one stored chunk of a room's entries, before they are sealed: a version byte, the user and the room
 * (so that a reader can tell apart two pairs whose keyed hashes collide), the count, then per entry the nick, body
 * and optional stanza id as length-prefixed UTF-8 and the time as seconds and nanoseconds. Pure.
 */
final class ChunkCodec {

    private static final int VERSION = 2;

    /** A decoded chunk. */
    record Chunk(String user, String room, List<HistoryEntry> entries) {
    }

    private ChunkCodec() {
    }

    static byte[] encode(String user, String room, List<HistoryEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeText(out, user);
            writeText(out, room);
            out.writeInt(entries.size());
            for (HistoryEntry entry : entries) {
                writeText(out, entry.nick());
                writeText(out, entry.body());
                out.writeLong(entry.at().getEpochSecond());
                out.writeInt(entry.at().getNano());
                out.writeBoolean(entry.stanzaId().isPresent());
                if (entry.stanzaId().isPresent()) {
                    writeText(out, entry.stanzaId().get());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a chunk of this version */
    static Chunk decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("history chunk version " + version);
            }
            String user = readText(in);
            String room = readText(in);
            int count = in.readInt();
            if (count < 0 || count > in.available()) {
                throw new IOException("bad entry count " + count);
            }
            List<HistoryEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String nick = readText(in);
                String body = readText(in);
                Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
                Optional<String> stanzaId = in.readBoolean() ? Optional.of(readText(in)) : Optional.empty();
                entries.add(new HistoryEntry(nick, body, at, stanzaId));
            }
            return new Chunk(user, room, entries);
        } catch (IOException e) {
            throw new IllegalArgumentException("a damaged history chunk", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad text length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
