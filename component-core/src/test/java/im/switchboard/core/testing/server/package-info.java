/**
 * Test fixtures shipped in component-core's test-jar: {@link im.switchboard.core.testing.server.StubXmppServer},
 * a loopback XMPP server that performs the server side of the XEP-0114 component handshake
 * ("jabber:component:accept", XEP-0114 section 3) and lets tests inject faults: wrong secrets, stream
 * errors, dropped or stalled connections, refused connections and arbitrary raw bytes.
 *
 * <p>The stub parses the component's stream with a blocking StAX reader and dom4j, not with the link's own
 * parser, so that it checks the link independently.
 */
package im.switchboard.core.testing.server;
