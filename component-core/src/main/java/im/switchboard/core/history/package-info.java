/**
 * Room history kept by the gateway and replayed on join (XEP-0045 section 7.2.14 "Discussion History", and
 * "Managing Discussion History" for {@code maxstanzas}, {@code maxchars} and {@code since}): the
 * {@link im.switchboard.core.history.RoomHistory} boundary, its write-behind implementation in an H2 file whose
 * rows are sealed with AES-256-GCM (NIST SP 800-38D; {@link im.switchboard.core.history.H2RoomHistory}; THREATS
 * G2, G4, G6) and the {@code [history]} settings. The same history is each user's room archive (XEP-0313
 * section 6, paged with XEP-0059): {@link im.switchboard.core.history.RoomHistory#archive}, every entry with an
 * archive id that is its XEP-0359 stanza id (XEP-0313 section 5).
 */
package im.switchboard.core.history;
