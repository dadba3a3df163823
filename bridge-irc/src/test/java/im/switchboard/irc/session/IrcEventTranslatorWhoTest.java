package im.switchboard.irc.session;

import static im.switchboard.irc.session.TranslatorHarness.room;
import static im.switchboard.irc.session.TranslatorHarness.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import im.switchboard.core.spi.Affiliation;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.Role;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.session.RecordingSink.Joined;
import im.switchboard.irc.session.RecordingSink.Message;
import im.switchboard.irc.session.RecordingSink.OccupantChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * IRCv3 away-notify ("execute WHO when joining a channel") and WHOX (the account field, our token): the WHO sent
 * after a join, RPL_WHOREPLY (352) and RPL_WHOSPCRPL (354) flags and accounts, WHOIS 301/330/318, as occupant
 * changes only when something changed.
 */
@Timeout(10)
class IrcEventTranslatorWhoTest {

    private final List<IrcMessage> sent = new ArrayList<>();

    private TranslatorHarness joinedWith(Map<String, String> isupport, String... caps) {
        TranslatorHarness h = new TranslatorHarness().features(isupport, caps);
        h.translator.setRequestSender(sent::add);
        h.translator.registered("romeo");
        h.translator.expectJoin("#verona", "romeo");
        h.lines(":romeo!r@montague.lit JOIN #Verona",
                ":irc.example.net 353 romeo = #Verona :romeo @juliet +nurse");
        assertEquals(List.of(), sent, "nothing before the join completes");
        h.lines(":irc.example.net 366 romeo #Verona :End of /NAMES list.");
        assertInstanceOf(Joined.class, h.sink.take().get(0));
        return h;
    }

    private static Occupant juliet(boolean away, Optional<String> account) {
        return new Occupant("juliet", Role.MODERATOR, Affiliation.ADMIN, Optional.of(user("juliet")), account, away,
                "");
    }

    @Test
    void withAwayNotifyAPlainWhoFollowsTheJoinAndGoneMeansAway() {
        TranslatorHarness h = joinedWith(Map.of(), "away-notify");
        assertEquals(List.of(IrcMessage.of("WHO", "#Verona")), sent);
        h.lines(":s 352 romeo #Verona r montague.lit s romeo H :0 Romeo",
                ":s 352 romeo #Verona j capulet.lit s juliet G@ :0 Juliet",
                ":s 352 romeo #Verona n capulet.lit s nurse H+ :0 Angelica",
                ":s 315 romeo #Verona :End of WHO list");
        assertEquals(List.of(new OccupantChanged(room("#Verona"), juliet(true, Optional.empty()))), h.sink.take(),
                "only the state that changed; 315 shows nothing");
        // A second WHO (the user's own raw one) with the same state changes nothing; H brings juliet back.
        h.lines(":s 352 romeo #Verona j capulet.lit s juliet G@ :0 Juliet");
        assertEquals(List.of(), h.sink.take());
        h.lines(":s 352 romeo #Verona j capulet.lit s juliet H@ :0 Juliet");
        assertEquals(List.of(new OccupantChanged(room("#Verona"), juliet(false, Optional.empty()))), h.sink.take());
    }

    @Test
    void withWhoxTheQueryAsksForTheAccountAndOnlyOurTokenIsRead() {
        TranslatorHarness h = joinedWith(Map.of("WHOX", ""), "away-notify", "account-notify");
        assertEquals(List.of(IrcMessage.of("WHO", "#Verona", "%tcuhnfar," + IrcWho.TOKEN)), sent);
        h.lines(":s 354 romeo 152 #Verona r montague.lit romeo H 0 :Romeo",
                ":s 354 romeo 152 #Verona j capulet.lit juliet G@ jcapulet :Juliet",
                ":s 354 romeo 152 #Verona n capulet.lit nurse H+ 0 :Angelica",
                // Another query's reply (the user's raw WHOX): other fields, not ours to read.
                ":s 354 romeo 7 #Verona n capulet.lit nurse G+ angelica :Angelica",
                ":s 315 romeo #Verona :End of WHO list");
        assertEquals(List.of(new OccupantChanged(room("#Verona"), juliet(true, Optional.of("jcapulet")))),
                h.sink.take());
        // "0" is WHOX's logged-out placeholder.
        h.lines(":s 354 romeo 152 #Verona j capulet.lit juliet G@ 0 :Juliet");
        assertEquals(List.of(new OccupantChanged(room("#Verona"), juliet(true, Optional.empty()))), h.sink.take());
    }

    @Test
    void accountNotifyAloneAsksOnlyWhenTheServerHasWhox() {
        joinedWith(Map.of(), "account-notify");
        assertEquals(List.of(), sent);
        joinedWith(Map.of("WHOX", ""), "account-notify");
        assertEquals(List.of(IrcMessage.of("WHO", "#Verona", IrcWho.FIELDS)), sent);
    }

    @Test
    void withoutAwayNotifyNoWhoIsSent() {
        TranslatorHarness h = joinedWith(Map.of("WHOX", ""));
        assertEquals(List.of(), sent, "no notifications would keep the state true: not worth a line per join");
        // The replies to a WHO the user sent still count.
        h.lines(":s 352 romeo #Verona j capulet.lit s juliet G@ :0 Juliet");
        assertEquals(List.of(new OccupantChanged(room("#Verona"), juliet(true, Optional.empty()))), h.sink.take());
    }

    @Test
    void whoisTellsAwayWithItsReasonTheAccountAndBack() {
        TranslatorHarness h = joinedWith(Map.of());
        h.lines(":s 311 romeo juliet j capulet.lit * :Juliet", ":s 301 romeo juliet :on the \u0002balcony\u0002",
                ":s 330 romeo juliet jcapulet :is logged in as", ":s 318 romeo juliet :End of /WHOIS list.");
        List<Object> facts = h.sink.take();
        assertEquals(List.of(
                new OccupantChanged(room("#Verona"), new Occupant("juliet", Role.MODERATOR, Affiliation.ADMIN,
                        Optional.of(user("juliet")), Optional.empty(), true, "on the *balcony*")),
                new OccupantChanged(room("#Verona"), new Occupant("juliet", Role.MODERATOR, Affiliation.ADMIN,
                        Optional.of(user("juliet")), Optional.of("jcapulet"), true, "on the *balcony*"))),
                facts.stream().filter(f -> f instanceof OccupantChanged).toList());
        assertEquals(4, facts.stream().filter(f -> f instanceof Message).count(), "the replies are shown too");
        // The next WHOIS has no 301: juliet is back. Nothing changes for a WHOIS of someone not in our channels.
        h.lines(":s 311 romeo juliet j capulet.lit * :Juliet", ":s 318 romeo juliet :End of /WHOIS list.",
                ":s 311 romeo tybalt t capulet.lit * :Tybalt", ":s 301 romeo tybalt :fencing",
                ":s 318 romeo tybalt :End of /WHOIS list.");
        assertEquals(List.of(new OccupantChanged(room("#Verona"), juliet(false, Optional.of("jcapulet")))),
                h.sink.take().stream().filter(f -> f instanceof OccupantChanged).toList());
    }

    @Test
    void aWhoReplyForAnUnknownUserOrAShortLineChangesNothing() {
        TranslatorHarness h = joinedWith(Map.of("WHOX", ""), "away-notify");
        h.lines(":s 352 romeo #elsewhere t h s tybalt G :0 Tybalt", ":s 352 romeo #Verona j h s",
                ":s 354 romeo 152 #Verona j h juliet", ":s 301 romeo", ":s 330 romeo juliet",
                ":s 318 romeo");
        assertEquals(List.of(), h.sink.take().stream().filter(f -> f instanceof OccupantChanged).toList());
    }

    @Test
    void aSenderThatFailsCostsOnlyItsLine() {
        TranslatorHarness h = new TranslatorHarness().features(Map.of(), "away-notify");
        h.translator.setRequestSender(line -> {
            throw new IllegalStateException("queue full");
        });
        h.translator.registered("romeo");
        h.translator.expectJoin("#verona", "romeo");
        h.lines(":romeo!r@h JOIN #Verona", ":s 353 romeo = #Verona :romeo juliet", ":s 366 romeo #Verona :End",
                ":juliet!j@h AWAY :later");
        List<Object> facts = h.sink.take();
        assertInstanceOf(Joined.class, facts.get(0));
        assertEquals(2, facts.size(), facts.toString());
    }
}
