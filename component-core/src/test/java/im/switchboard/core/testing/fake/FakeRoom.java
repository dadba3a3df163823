package im.switchboard.core.testing.fake;

import im.switchboard.core.spi.LegacyAddress;
import java.util.Objects;

/**
 * A room of the fake network; its JID local part is {@code #name} (as an IRC channel).
 *
 * @param name the room's name, from the same characters as a {@link FakeAddress}
 */
public record FakeRoom(String name) implements LegacyAddress {

    public FakeRoom {
        Objects.requireNonNull(name, "name");
        if (!FakeAddress.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a fake room name: " + name);
        }
    }

    @Override
    public String display() {
        return "#" + name;
    }

    @Override
    public boolean isRoom() {
        return true;
    }
}
