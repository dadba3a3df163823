package im.switchboard.irc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.Occupant;
import im.switchboard.core.spi.Role;
import im.switchboard.irc.connection.IrcConnection;
import im.switchboard.irc.connection.IrcConnectionListener;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.session.RecordingSink.OccupantChanged;
import im.switchboard.irc.session.RecordingSink.RoomMsg;
import im.switchboard.irc.testing.IrcServerProcess;
import im.switchboard.irc.testing.RawIrcClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The translator against a real IRC server, wired as the server link wires it: the connection's reader thread
 * feeds {@link IrcEventTranslator#onMessage}, and its requests go out on the connection's send queue. Called by
 * the connection ITs of each server (NgircdConnectionIT, InspircdConnectionIT), which make the connection.
 */
public final class TranslatorChecks {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private TranslatorChecks() {
    }

    /**
     * Channel modes set by a plain IRC client (juliet, the channel's operator) are shown to the gateway user as
     * messages from the room, before the presence change they cause; the reply to MODE (324) once, in the room.
     */
    public static void modesAreShownInTheRoom(IrcServerProcess server, IrcConnection connection, String prefix)
            throws Exception {
        String channel = "#" + prefix + "modes";
        try (RawIrcClient juliet = RawIrcClient.connect(server.host(), server.plainPort(), prefix + "juliet")) {
            juliet.send("JOIN " + channel);
            juliet.awaitLine(l -> RawIrcClient.hasCommand(l, "366"), WAIT);
            Wired gw = Wired.join(connection, channel);
            try {
                String nick = connection.nick();
                juliet.send("MODE " + channel + " +mk wherefore");
                juliet.send("MODE " + channel + " +l 20");
                juliet.send("MODE " + channel + " +b *!*@banned.example");
                juliet.send("MODE " + channel + " +o " + nick);
                String by = prefix + "juliet sets mode: ";
                gw.await(f -> f instanceof RoomMsg r && r.message().body().equals(by + "+o " + nick), "+o shown");
                List<String> shown = gw.roomTexts();
                assertEquals(List.of(by + "+mk wherefore", by + "+l 20", by + "+b *!*@banned.example",
                        by + "+o " + nick), shown, "every change, in order, as the server relayed it");
                OccupantChanged op = (OccupantChanged) gw.await(f -> f instanceof OccupantChanged c
                        && c.occupant().nick().equals(nick) && c.occupant().role() == Role.MODERATOR, "+o presence");
                assertTrue(gw.indexOf(op) > gw.indexOf(gw.roomMessage(by + "+o " + nick)),
                        "the mode message comes before the presence it causes");
                connection.send(IrcMessage.of("MODE", channel));
                RoomMsg modes = (RoomMsg) gw.await(f -> f instanceof RoomMsg r
                        && r.message().body().startsWith("Channel modes: "), "324 shown in the room");
                String text = modes.message().body();
                assertTrue(text.contains("m") && text.contains("k") && text.contains("wherefore"), text);
                for (Object fact : gw.facts()) {
                    if (fact instanceof RoomMsg r) {
                        assertTrue(r.message().isFromRoom(), "said by the room, not an occupant: " + r);
                    }
                }
            } finally {
                connection.close("bye");
            }
        }
    }

    /**
     * Without away-notify (ngircd), away state comes from replies only: a WHO (352, flag G) makes juliet away,
     * and a WHOIS that ends without RPL_AWAY brings her back; a WHOIS with 301 gives the reason.
     */
    public static void whoAndWhoisRefreshAwayState(IrcServerProcess server, IrcConnection connection,
            String prefix) throws Exception {
        String channel = "#" + prefix + "away";
        String julietNick = prefix + "juliet";
        try (RawIrcClient juliet = RawIrcClient.connect(server.host(), server.plainPort(), julietNick)) {
            juliet.send("JOIN " + channel);
            juliet.awaitLine(l -> RawIrcClient.hasCommand(l, "366"), WAIT);
            juliet.send("AWAY :on the balcony");
            juliet.awaitLine(l -> RawIrcClient.hasCommand(l, "306"), WAIT);
            Wired gw = Wired.join(connection, channel);
            try {
                assertFalse(connection.features().has("away-notify"), "this check is for servers without it");
                connection.send(IrcMessage.of("WHO", channel));
                gw.awaitOccupant(julietNick, o -> o.away() && o.status().isEmpty(), "away from WHO (352 G)");
                connection.send(IrcMessage.of("WHOIS", julietNick));
                gw.awaitOccupant(julietNick, o -> o.away() && o.status().equals("on the balcony"),
                        "the reason from WHOIS (301)");
                juliet.send("AWAY");
                juliet.awaitLine(l -> RawIrcClient.hasCommand(l, "305"), WAIT);
                connection.send(IrcMessage.of("WHOIS", julietNick));
                gw.awaitOccupant(julietNick, o -> !o.away(), "back: WHOIS ended without 301");
            } finally {
                connection.close("bye");
            }
        }
    }

    /**
     * With away-notify and WHOX (InspIRCd), the translator itself sends {@code WHO <channel> %...} after the join:
     * juliet, away and logged in to {@code account} before we joined, is shown away with her account.
     */
    public static void whoxAfterJoinGivesAwayAndAccount(IrcServerProcess server, IrcConnection connection,
            String prefix, String account, String password) throws Exception {
        String channel = "#" + prefix + "whox";
        String julietNick = prefix + "juliet";
        try (RawIrcClient juliet = RawIrcClient.connect(server.host(), server.plainPort(), julietNick)) {
            juliet.send("PRIVMSG NickServ :IDENTIFY " + account + " " + password);
            juliet.awaitLine(l -> RawIrcClient.hasCommand(l, "NOTICE") && l.startsWith(":NickServ!")
                    && l.toLowerCase(java.util.Locale.ROOT).contains("identified"), WAIT);
            juliet.send("JOIN " + channel);
            juliet.awaitLine(l -> RawIrcClient.hasCommand(l, "366"), WAIT);
            juliet.send("AWAY :on the balcony");
            juliet.awaitLine(l -> RawIrcClient.hasCommand(l, "306"), WAIT);
            Wired gw = Wired.join(connection, channel);
            try {
                assertTrue(connection.features().has("away-notify"), "caps: " + connection.features().caps());
                assertTrue(connection.features().isupport().containsKey("WHOX"), "WHOX not announced");
                gw.awaitOccupant(julietNick, o -> o.away() && o.account().equals(Optional.of(account)),
                        "away and account from the WHOX reply (354)");
                long changes = gw.facts().stream().filter(f -> f instanceof OccupantChanged c
                        && c.occupant().nick().equals(julietNick)).count();
                assertEquals(1, changes, "one change for juliet, none for those whose state WHO confirmed: "
                        + gw.facts());
                juliet.send("AWAY");
                gw.awaitOccupant(julietNick, o -> !o.away() && o.account().equals(Optional.of(account)),
                        "back (away-notify)");
            } finally {
                connection.close("bye");
            }
        }
    }

    /** A translator fed by an open connection that joined one channel. */
    private record Wired(RecordingSink sink, IrcEventTranslator translator) {

        static Wired join(IrcConnection connection, String channel) throws LegacyException {
            RecordingSink sink = new RecordingSink();
            IrcEventTranslator translator = new IrcEventTranslator("localhost", sink, connection::features,
                    Clock.systemUTC());
            translator.setRequestSender(new QuerySender(() -> connection));
            connection.open(new IrcConnectionListener() {
                @Override
                public void onMessage(IrcMessage message) {
                    translator.onMessage(message);
                }

                @Override
                public void closed(String reason, boolean requested) {
                    translator.connectionLost(reason);
                }
            });
            translator.registered(connection.nick());
            if (translator.expectJoin(channel, connection.nick())) {
                connection.send(IrcMessage.of("JOIN", channel));
            }
            Wired wired = new Wired(sink, translator);
            wired.await(f -> f instanceof RecordingSink.Joined, "joined " + channel);
            return wired;
        }

        List<Object> facts() {
            synchronized (sink.events) {
                return new ArrayList<>(sink.events);
            }
        }

        int indexOf(Object fact) {
            return facts().indexOf(fact);
        }

        List<String> roomTexts() {
            return facts().stream().filter(f -> f instanceof RoomMsg).map(f -> ((RoomMsg) f).message().body())
                    .toList();
        }

        RoomMsg roomMessage(String body) {
            return (RoomMsg) facts().stream().filter(f -> f instanceof RoomMsg r && r.message().body().equals(body))
                    .findFirst().orElseThrow();
        }

        Object await(Predicate<Object> wanted, String what) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                Optional<Object> found = facts().stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within " + WAIT + ": " + what + "; facts: " + facts());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll
            }
        }

        /** The latest state of occupant {@code nick} matches (a change, or the snapshot when none came). */
        void awaitOccupant(String nick, Predicate<Occupant> wanted, String what) {
            await(f -> latest(nick).filter(wanted).isPresent(), what);
        }

        private Optional<Occupant> latest(String nick) {
            Occupant last = null;
            for (Object f : facts()) {
                if (f instanceof RecordingSink.Joined j) {
                    last = j.snapshot().occupants().stream().filter(o -> o.nick().equals(nick)).findFirst()
                            .orElse(last);
                } else if (f instanceof OccupantChanged c && c.occupant().nick().equals(nick)) {
                    last = c.occupant();
                }
            }
            return Optional.ofNullable(last);
        }
    }
}
