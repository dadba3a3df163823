package im.switchboard.core.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Static facts about a bridge.
 *
 * @param id           the network id, lower case ({@code irc}, {@code email}, {@code sms}); also the name of
 *                     the bridge's configuration table
 * @param name         a human-readable name, shown as the disco identity name
 * @param identityType the XEP-0030 {@code gateway} identity type from the XMPP registry ({@code irc},
 *                     {@code smtp}, {@code sms}, ...)
 * @param version      the bridge's version, reported through XEP-0092
 */
public record BridgeInfo(String id, String name, String identityType, String version) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public BridgeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identityType, "identityType");
        Objects.requireNonNull(version, "version");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bridge id must match " + ID + ": " + id);
        }
    }
}
