package im.switchboard.registration;

/** The XEP-0004 field types a registration form uses (XEP-0004 section 3.3). */
public enum FieldType {
    /** {@code text-single}: one line of text. */
    TEXT_SINGLE,
    /** {@code text-private}: a password; stored encrypted, never shown back. */
    TEXT_PRIVATE,
    /** {@code boolean}. */
    BOOLEAN,
    /** {@code list-single}: one of the field's options. */
    LIST_SINGLE
}
