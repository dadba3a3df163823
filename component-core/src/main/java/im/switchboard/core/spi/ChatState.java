package im.switchboard.core.spi;

/** The chat states of XEP-0085 section 2. */
public enum ChatState {
    ACTIVE, COMPOSING, PAUSED, INACTIVE, GONE
}
