/** XEP-0199 XMPP Ping, answered on the component domain and on contact JIDs (section 4.2 and 4.3). */
package im.switchboard.core.ping;
