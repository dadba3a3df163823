/**
 * The gateway component: one {@link im.switchboard.core.GatewayComponent} per component domain (XEP-0114),
 * wiring routing, access control, the core XMPP services (XEP-0030, XEP-0092, XEP-0199, XEP-0115) and the
 * users' legacy sessions (XEP-0100) behind the link.
 */
package im.switchboard.core;
