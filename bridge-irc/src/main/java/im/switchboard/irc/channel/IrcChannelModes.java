package im.switchboard.irc.channel;

import java.util.Objects;

/**
 * The server's channel mode types: its {@code CHANMODES} ISUPPORT token {@code A,B,C,D} (Modern IRC, "CHANMODES
 * Parameter"). Needed to know which mode in a {@code MODE} line takes a parameter.
 *
 * @param listModes   type A, list modes such as {@code b e I}: always a parameter (none when the list is queried)
 * @param alwaysParam type B, such as {@code k}: always a parameter
 * @param setParam    type C, such as {@code l}: a parameter when set only
 * @param flags       type D, such as {@code m n t}: never a parameter
 */
public record IrcChannelModes(String listModes, String alwaysParam, String setParam, String flags) {

    /** What most servers announce; used when the server announces nothing readable. */
    public static final IrcChannelModes DEFAULT = new IrcChannelModes("beI", "k", "l", "imnpst");

    public IrcChannelModes {
        Objects.requireNonNull(listModes, "listModes");
        Objects.requireNonNull(alwaysParam, "alwaysParam");
        Objects.requireNonNull(setParam, "setParam");
        Objects.requireNonNull(flags, "flags");
    }

    /** Reads a {@code CHANMODES} value; a missing one gives {@link #DEFAULT}; extra groups are ignored. */
    public static IrcChannelModes fromToken(String token) {
        if (token == null) {
            return DEFAULT;
        }
        String[] parts = token.split(",", -1);
        if (parts.length < 4) {
            return DEFAULT;
        }
        return new IrcChannelModes(parts[0], parts[1], parts[2], parts[3]);
    }

    /**
     * Whether {@code mode} (not a membership prefix mode) takes a parameter when {@code adding} or removing.
     * Unknown modes are taken as flags: guessing a parameter would shift every following mode.
     */
    public boolean takesParam(char mode, boolean adding) {
        if (listModes.indexOf(mode) >= 0 || alwaysParam.indexOf(mode) >= 0) {
            return true;
        }
        return adding && setParam.indexOf(mode) >= 0;
    }
}
