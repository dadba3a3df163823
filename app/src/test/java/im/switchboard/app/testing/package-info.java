/**
 * Test fixtures for end-to-end tests against a real XMPP server.
 *
 * <p>{@link im.switchboard.app.testing.ProsodyServer} runs a private Prosody (Debian package {@code prosody})
 * on loopback for one test class: client-to-server (RFC 6120) on an ephemeral {@code 127.0.0.1} port and the
 * external component port (XEP-0114, "Jabber Component Protocol") on another, nothing else.
 * {@link im.switchboard.app.testing.XmppTestClient} is a Smack client that logs in to it over plaintext
 * loopback and collects what it receives, so tests can await stanzas with deadlines instead of sleeping.
 */
package im.switchboard.app.testing;
