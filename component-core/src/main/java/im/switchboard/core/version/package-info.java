/** XEP-0092 Software Version, answered on the component domain. */
package im.switchboard.core.version;
