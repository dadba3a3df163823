package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.RoomJoin;
import im.switchboard.irc.address.IrcAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ERR_LINKCHANNEL (470): a server that forwards the join of {@code #from} to {@code #to} (InspIRCd's and Solanum's
 * {@code +L}/{@code +f}) answers {@code 470 <nick> #from #to :Forwarding to another channel}, then puts us into
 * {@code #to}. The join of {@code #from} fails with the redirect error naming {@code #to} (RFC 6120 section
 * 8.3.3.14); {@code #to} is held, so that the user's join of it is answered without a second JOIN, and parted when
 * the user does not join it within the join timeout.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IrcSessionChannelForwardTest {

    private static final IrcAddress.Channel FROM = new IrcAddress.Channel(SessionFixture.HOST, "#from");
    private static final IrcAddress.Channel TO = new IrcAddress.Channel(SessionFixture.HOST, "#to");

    private final SessionFixture f = new SessionFixture();

    /** A scripted server: #from forwards to #to, every other channel is joined normally. */
    @BeforeEach
    void forwardingServer() {
        f.connector.respondWith((connection, message) -> {
            if (!message.command().equals("JOIN")) {
                return;
            }
            String channel = message.params().get(0);
            String nick = connection.nick();
            if (channel.equals("#from")) {
                connection.serverSays(":irc.example.net 470 " + nick + " #from #to :Forwarding to another channel");
                channel = "#to";
            }
            connection.serverSays(":" + nick + "!r@gateway.example JOIN " + channel);
            connection.serverSays(":irc.example.net 353 " + nick + " = " + channel + " :" + nick + " @tybalt");
            connection.serverSays(":irc.example.net 366 " + nick + " " + channel + " :End of /NAMES list.");
        });
    }

    private List<Object> outcomes() {
        return f.sink.events.stream().filter(e -> e.toString().startsWith("joinFailed")
                || e.toString().startsWith("redirected")).toList();
    }

    @Test
    void theJoinIsRedirectedAndTheForwardedChannelIsHeldForTheUser() throws Exception {
        f.session.joinRoom(new RoomJoin(FROM, "romeo", Optional.empty()));
        assertEquals(List.of("redirected " + FROM.display() + " -> " + TO.display()), outcomes());
        assertEquals("#from forwards to #to (Forwarding to another channel); join #to instead",
                f.sink.joinFailureTexts.get(0));
        assertEquals(List.of(), f.sink.joined, "#to is held, not pushed on the user as a room");

        f.session.joinRoom(new RoomJoin(TO, "romeo", Optional.empty()));
        assertEquals(List.of("JOIN #from"), f.connector.last().lines(), "answered from the held state, no JOIN");
        assertEquals(1, f.sink.joined.size());
        assertEquals(TO, f.sink.joined.get(0).room());
        assertEquals(2, f.sink.joined.get(0).occupants().size(), f.sink.joined.get(0).toString());

        // the join timeout passes: a channel the user joined is not parted
        assertTrue(f.joinTimer.runNext());
        while (f.joinTimer.runNext()) {
            // the JOIN watch of #from, answered already
        }
        assertEquals(List.of("JOIN #from"), f.connector.last().lines());
    }

    @Test
    void aForwardedChannelTheUserDoesNotJoinIsPartedAfterTheJoinTimeout() throws Exception {
        f.session.joinRoom(new RoomJoin(FROM, "romeo", Optional.empty()));
        while (f.joinTimer.runNext()) {
            // the JOIN watch of #from, then the forward's check
        }
        assertEquals(List.of("JOIN #from", "PART #to"), f.connector.last().lines());
        f.connector.last().serverSays(":romeo!r@gateway.example PART #to");
        // never reported as a room (its PART echo's departure is one for a room the core does not hold: dropped)
        assertEquals(List.of(), f.sink.joined);

        // asked for later, #to is joined the ordinary way
        f.session.joinRoom(new RoomJoin(TO, "romeo", Optional.empty()));
        assertEquals(List.of("JOIN #from", "PART #to", "JOIN #to"), f.connector.last().lines());
        assertEquals(List.of(TO), f.sink.joined.stream().map(j -> j.room()).toList());
    }

    @Test
    void aForwardToAChannelTheUserIsInLeavesItAlone() throws Exception {
        f.session.joinRoom(new RoomJoin(TO, "romeo", Optional.empty()));
        f.session.joinRoom(new RoomJoin(FROM, "romeo", Optional.empty()));
        assertEquals(List.of("redirected " + FROM.display() + " -> " + TO.display()), outcomes());
        while (f.joinTimer.runNext()) {
            // join watches and the forward's check
        }
        assertEquals(List.of("JOIN #to", "JOIN #from"), f.connector.last().lines(), "#to is not parted");
    }

    @Test
    void a470WithoutAJoinOfOursIsNoRedirect() throws Exception {
        f.session.joinRoom(new RoomJoin(TO, "romeo", Optional.empty()));
        f.connector.last().serverSays(":irc.example.net 470 romeo #elsewhere #to :Forwarding to another channel");
        assertEquals(List.of(), outcomes());
    }
}
