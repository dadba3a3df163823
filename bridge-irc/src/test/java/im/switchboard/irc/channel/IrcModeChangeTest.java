package im.switchboard.irc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Modern IRC, "MODE message", "PREFIX Parameter", "CHANMODES Parameter". */
@Timeout(10)
class IrcModeChangeTest {

    private static IrcModeChange set(char mode, String param) {
        return new IrcModeChange(true, mode, Optional.ofNullable(param));
    }

    private static IrcModeChange unset(char mode, String param) {
        return new IrcModeChange(false, mode, Optional.ofNullable(param));
    }

    @Test
    void parametersFollowTheModeTypes() {
        assertEquals(List.of(set('o', "juliet"), set('n', null), unset('v', "nurse"), set('k', "key"),
                set('l', "10"), unset('l', null), unset('k', "key"), set('b', "*!*@h")),
                IrcModeChange.parse(List.of("+on-v+kl-lk+b", "juliet", "nurse", "key", "10", "key", "*!*@h"),
                        IrcPrefixes.DEFAULT, IrcChannelModes.DEFAULT));
    }

    @Test
    void aShortLineKeepsWhatWasRead() {
        assertEquals(List.of(set('o', "a")),
                IrcModeChange.parse(List.of("+oo", "a"), IrcPrefixes.DEFAULT, IrcChannelModes.DEFAULT));
        assertEquals(List.of(), IrcModeChange.parse(List.of(), IrcPrefixes.DEFAULT, IrcChannelModes.DEFAULT));
        assertEquals(List.of(), IrcModeChange.parse(List.of("+b"), IrcPrefixes.DEFAULT, IrcChannelModes.DEFAULT));
    }

    @Test
    void serverSpecificModes() {
        IrcPrefixes prefixes = IrcPrefixes.fromToken("(Yov)!@+");
        IrcChannelModes types = IrcChannelModes.fromToken("beIq,k,flj,CMNOPRSTcimnprst");
        assertEquals(List.of(set('Y', "oper"), set('q', "quiet!*@*"), set('j', "3:5"), set('C', null)),
                IrcModeChange.parse(List.of("+YqjC", "oper", "quiet!*@*", "3:5"), prefixes, types));
    }

    @Test
    void prefixTokens() {
        IrcPrefixes p = IrcPrefixes.fromToken("(qaohv)~&@%+");
        assertEquals(Optional.of('h'), p.modeOf('%'));
        assertEquals(Optional.empty(), p.modeOf('!'));
        assertTrue(p.rank('q') < p.rank('v'));
        assertEquals(IrcPrefixes.DEFAULT, IrcPrefixes.fromToken("(ov)@"));
        assertEquals(IrcPrefixes.DEFAULT, IrcPrefixes.fromToken("ov@+"));
        assertFalse(IrcPrefixes.fromToken("").isPrefixMode('o'));
        assertEquals(IrcChannelModes.DEFAULT, IrcChannelModes.fromToken("b,k"));
    }
}
