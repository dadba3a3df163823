package im.switchboard.core.testing.fake;

import im.switchboard.core.spi.LegacyAddress;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user of the fake network: a name of 1 to 64 characters from {@code [a-z0-9._-]}.
 *
 * @param name the user's name, which is also their JID local part
 */
public record FakeAddress(String name) implements LegacyAddress {

    /** The names the fake network accepts. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");

    public FakeAddress {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a fake user name: " + name);
        }
    }

    @Override
    public String display() {
        return name;
    }
}
