/**
 * Room history kept by the gateway and replayed on join (XEP-0045 section 7.2.14 "Discussion History").
 */
package im.switchboard.core.history;
