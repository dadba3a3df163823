package im.switchboard.core.testing.fake;

import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;
import java.util.Optional;

/**
 * The fake network's codec: the JID local part is the user name, unchanged, or {@code #name} for a room. Pure and
 * thread-safe.
 */
public final class FakeAddressCodec implements AddressCodec {

    @Override
    public LegacyAddress decode(String localPart) throws InvalidAddressException {
        if (localPart != null && localPart.startsWith("#")) {
            String name = localPart.substring(1);
            if (!FakeAddress.NAME.matcher(name).matches()) {
                throw new InvalidAddressException("A fake room is # and 1 to 64 of a-z, 0-9, '.', '_' and '-'.");
            }
            return new FakeRoom(name);
        }
        if (localPart == null || !FakeAddress.NAME.matcher(localPart).matches()) {
            throw new InvalidAddressException("A fake user name is 1 to 64 of a-z, 0-9, '.', '_' and '-'.");
        }
        return new FakeAddress(localPart);
    }

    @Override
    public String encode(LegacyAddress address) {
        if (address instanceof FakeRoom room) {
            return "#" + room.name();
        }
        if (!(address instanceof FakeAddress fake)) {
            throw new IllegalArgumentException("not a fake address: " + address.getClass().getName());
        }
        return fake.name();
    }

    @Override
    public String inputPrompt() {
        return "Fake user name";
    }

    @Override
    public String inputDescription() {
        return "Enter the Fake Network user name of the person you would like to contact.";
    }

    /** People type names in any case and with spaces around them; the network's names are lower case. */
    @Override
    public LegacyAddress parseUserInput(String text) throws InvalidAddressException {
        return decode(text.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** Every occupant of a fake room is a fake user of the same name (a private message goes to them). */
    @Override
    public Optional<LegacyAddress> occupantContact(LegacyAddress room, String nick) {
        return FakeAddress.NAME.matcher(nick).matches() ? Optional.of(new FakeAddress(nick)) : Optional.empty();
    }
}
