package im.switchboard.irc.ident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The user id the ident server gives for a user: stable, short, and not the JID. */
public final class IdentUserIds {

    /** Ten characters: within the USERLEN of common servers (ngircd and InspIRCd cut longer ones). */
    static final int LENGTH = 10;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private IdentUserIds() {
    }

    /** {@code LENGTH} base32 characters (a-z, 2-7) of the SHA-256 of the bare JID. */
    public static String of(String bareJid) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(bareJid.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        StringBuilder id = new StringBuilder(LENGTH);
        int bits = 0;
        int buffer = 0;
        for (int i = 0; id.length() < LENGTH; i++) {
            buffer = buffer << 8 | hash[i] & 0xFF;
            bits += 8;
            while (bits >= 5 && id.length() < LENGTH) {
                id.append(BASE32[buffer >> (bits - 5) & 0x1F]);
                bits -= 5;
            }
        }
        return id.toString();
    }
}
