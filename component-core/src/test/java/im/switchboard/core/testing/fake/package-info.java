/**
 * A reference bridge over an in-memory fake legacy network, for tests of the core and as the worked example of
 * {@code docs/writing-a-bridge.md}. Like every bridge it imports only {@code im.switchboard.core.spi} (and the
 * registration record the SPI exposes); the architecture test checks that.
 */
package im.switchboard.core.testing.fake;
