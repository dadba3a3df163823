/**
 * XEP-0115 Entity Capabilities: the verification string (section 5.1) computed from the gateway's own
 * disco#info, and the {@code <c/>} element every presence from the gateway carries (section 4).
 */
package im.switchboard.core.caps;
