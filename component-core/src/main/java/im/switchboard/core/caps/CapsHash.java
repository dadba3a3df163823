package im.switchboard.core.caps;

import im.switchboard.core.disco.DiscoInfo;
import im.switchboard.core.disco.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * The XEP-0115 section 5.1 verification string with SHA-1 (the hash every client supports, section 8.4).
 *
 * <p>The algorithm: sort the identities by category, then type, then {@code xml:lang}; append
 * {@code category/type/lang/name<} for each; sort the features and append {@code feature<} for each; (extended
 * forms, XEP-0128, are not used by the gateway); hash the UTF-8 bytes with SHA-1; Base64-encode. "Sort" is the
 * "i;octet" collation (RFC 4790 section 9.3), that is, unsigned comparison of the UTF-8 bytes.
 */
public final class CapsHash {

    /** The {@code hash} attribute value for SHA-1 (IANA hash function textual names). */
    public static final String SHA_1 = "sha-1";

    private static final Comparator<String> OCTET = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private CapsHash() {
    }

    /** The string S of section 5.1 (before hashing). */
    public static String verificationInput(DiscoInfo info) {
        List<Identity> identities = new ArrayList<>(info.identities());
        identities.sort(Comparator.comparing(Identity::category, OCTET)
                .thenComparing(Identity::type, OCTET)
                .thenComparing(Identity::lang, OCTET)
                .thenComparing(Identity::name, OCTET));
        StringBuilder s = new StringBuilder();
        for (Identity i : identities) {
            s.append(i.category()).append('/').append(i.type()).append('/').append(i.lang()).append('/')
                    .append(i.name()).append('<');
        }
        List<String> features = new ArrayList<>(info.features());
        features.sort(OCTET);
        for (String feature : features) {
            s.append(feature).append('<');
        }
        return s.toString();
    }

    /** The {@code ver} attribute: Base64 of the SHA-1 of {@link #verificationInput}. */
    public static String ver(DiscoInfo info) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest(verificationInput(info).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
