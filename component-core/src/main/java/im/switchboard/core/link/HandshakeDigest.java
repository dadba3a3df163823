package im.switchboard.core.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The XEP-0114 section 3 handshake value (THREATS X4): lowercase hex SHA-1 of the UTF-8 bytes of the stream
 * id concatenated with the shared secret. The id is the unescaped attribute value (the parser has already
 * turned {@code &amp;} into {@code &}).
 */
public final class HandshakeDigest {

    private HandshakeDigest() {
    }

    /** {@code hex(sha1(utf8(streamId + secret)))}, lowercase. */
    public static String of(String streamId, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
