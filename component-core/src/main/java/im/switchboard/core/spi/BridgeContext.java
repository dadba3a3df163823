package im.switchboard.core.spi;

import java.util.Objects;

/**
 * What a bridge gets at start.
 *
 * @param domain the component domain this bridge serves, for example {@code irc.example.org}
 */
public record BridgeContext(String domain) {

    public BridgeContext {
        Objects.requireNonNull(domain, "domain");
    }
}
