package im.switchboard.core.testing.fake;

import im.switchboard.core.spi.AddressCodec;
import im.switchboard.core.spi.InvalidAddressException;
import im.switchboard.core.spi.LegacyAddress;

/** The fake network's codec: the JID local part is the user name, unchanged. Pure and thread-safe. */
public final class FakeAddressCodec implements AddressCodec {

    @Override
    public FakeAddress decode(String localPart) throws InvalidAddressException {
        if (localPart == null || !FakeAddress.NAME.matcher(localPart).matches()) {
            throw new InvalidAddressException("A fake user name is 1 to 64 of a-z, 0-9, '.', '_' and '-'.");
        }
        return new FakeAddress(localPart);
    }

    @Override
    public String encode(LegacyAddress address) {
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
    public FakeAddress parseUserInput(String text) throws InvalidAddressException {
        return decode(text.strip().toLowerCase(java.util.Locale.ROOT));
    }
}
