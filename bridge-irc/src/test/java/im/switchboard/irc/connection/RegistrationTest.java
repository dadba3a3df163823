package im.switchboard.irc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.switchboard.config.Secret;
import im.switchboard.core.spi.AuthenticationFailedException;
import im.switchboard.core.spi.LegacyException;
import im.switchboard.core.spi.RateLimitedException;
import im.switchboard.core.spi.TransientFailureException;
import im.switchboard.irc.message.IrcMessage;
import im.switchboard.irc.message.IrcMessageParser;
import im.switchboard.irc.message.IrcParseResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection registration as a pure state machine: Modern IRC "Connection Registration", IRCv3 capability
 * negotiation 3.2 and SASL 3.1 (PLAIN), nick fallback, I5 refusals.
 */
@Timeout(10)
class RegistrationTest {

    private static RegistrationPlan plan(Optional<String> account, Optional<Secret> sasl, Optional<Secret> nickserv,
            Optional<Secret> pass) {
        return new RegistrationPlan("romeo", pass, account, sasl, nickserv, Optional.empty(),
                RegistrationPlan.WANTED_CAPS, 3);
    }

    private static RegistrationPlan plain() {
        return plan(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static IrcMessage msg(String line) {
        return ((IrcParseResult.Parsed) IrcMessageParser.parse(line)).message();
    }

    private static List<String> texts(Registration.Step step) {
        return step.send().stream().map(Outgoing::text).toList();
    }

    @Test
    void startSendsCapLs302ThenPassAndWebircFirst() {
        RegistrationPlan p = new RegistrationPlan("romeo", Optional.of(Secret.of("s3cret")), Optional.empty(),
                Optional.empty(), Optional.empty(),
                Optional.of(new RegistrationPlan.Webirc(Secret.of("gw"), "switchboard", "fd00::1", "fd00::1")),
                RegistrationPlan.WANTED_CAPS, 3);
        List<Outgoing> start = new Registration(p).start();
        assertEquals(List.of("WEBIRC gw switchboard fd00::1 fd00::1", "CAP LS 302", "PASS s3cret"),
                start.stream().map(Outgoing::text).toList());
        assertEquals(List.of(true, false, true), start.stream().map(Outgoing::secret).toList());
    }

    @Test
    void multiLineLsThenRequestOnlyOfferedWantedCaps() {
        Registration r = new Registration(plain());
        assertEquals(List.of(), texts(r.handle(msg(":irc.test CAP * LS * :multi-prefix sasl=PLAIN,EXTERNAL foo"))));
        Registration.Step last = r.handle(msg(":irc.test CAP * LS :server-time cap-notify bar"));
        assertEquals(List.of("CAP REQ :multi-prefix server-time cap-notify"), texts(last),
                "sasl is not requested without credentials; unknown caps never");
        assertEquals(List.of("CAP END"),
                texts(r.handle(msg(":irc.test CAP * ACK :multi-prefix server-time cap-notify"))));
        assertEquals(Set.of("multi-prefix", "server-time", "cap-notify"), r.features().caps());
    }

    @Test
    void noCapsOfferedEndsAtOnce() {
        Registration r = new Registration(plain());
        assertEquals(List.of("CAP END"), texts(r.handle(msg(":irc.test CAP * LS :foo bar"))));
    }

    @Test
    void saslPlainSuccessSkipsNickServ() {
        Registration r = new Registration(plan(Optional.of("jilles"), Optional.of(Secret.of("sesame")),
                Optional.of(Secret.of("nspass")), Optional.empty()));
        assertEquals(List.of("CAP REQ :sasl"), texts(r.handle(msg(":irc.test CAP * LS :sasl"))));
        assertEquals(List.of("AUTHENTICATE PLAIN"), texts(r.handle(msg(":irc.test CAP * ACK :sasl"))));
        Registration.Step creds = r.handle(msg("AUTHENTICATE +"));
        // IRCv3 SASL 3.1 example: jilles\0jilles\0sesame.
        assertEquals(List.of("AUTHENTICATE amlsbGVzAGppbGxlcwBzZXNhbWU="), texts(creds));
        assertTrue(creds.send().get(0).secret());
        r.handle(msg(":irc.test 900 romeo romeo!r@h jilles :You are now logged in as jilles"));
        assertEquals(List.of("CAP END"), texts(r.handle(msg(":irc.test 903 romeo :SASL authentication successful"))));
        Registration.Step welcome = r.handle(msg(":irc.test 001 romeo :Welcome"));
        assertEquals(Optional.of("romeo"), welcome.registered());
        assertEquals(List.of(), texts(welcome), "no NickServ IDENTIFY after SASL");
        assertTrue(welcome.deliver());
    }

    @Test
    void saslNotOfferingPlainIsNotRequested() {
        Registration r = new Registration(plan(Optional.of("jilles"), Optional.of(Secret.of("sesame")),
                Optional.empty(), Optional.empty()));
        assertEquals(List.of("CAP END"), texts(r.handle(msg(":irc.test CAP * LS :sasl=EXTERNAL"))));
    }

    @Test
    void saslFailureIsAnAuthenticationFailure() {
        Registration r = new Registration(plan(Optional.of("jilles"), Optional.of(Secret.of("wrong")),
                Optional.empty(), Optional.empty()));
        r.handle(msg(":irc.test CAP * LS :sasl"));
        r.handle(msg(":irc.test CAP * ACK :sasl"));
        r.handle(msg("AUTHENTICATE +"));
        Registration.Step failed = r.handle(msg(":irc.test 904 * :SASL authentication failed"));
        assertInstanceOf(AuthenticationFailedException.class, failed.failure().orElseThrow());
        assertFalse(failed.failure().get().getMessage().contains("wrong"));
    }

    @Test
    void longSaslPayloadIsChunkedWithFinalPlus() {
        String password = "p".repeat(298); // jilles\0jilles\0 + 298 = 312 bytes -> 416 base64 chars
        Registration r = new Registration(plan(Optional.of("jilles"), Optional.of(Secret.of(password)),
                Optional.empty(), Optional.empty()));
        r.handle(msg(":irc.test CAP * LS :sasl"));
        r.handle(msg(":irc.test CAP * ACK :sasl"));
        List<String> lines = texts(r.handle(msg("AUTHENTICATE +")));
        assertEquals(2, lines.size());
        assertEquals("AUTHENTICATE ".length() + 400, lines.get(0).length());
        String joined = lines.get(0).substring(13) + lines.get(1).substring(13);
        assertEquals("jilles\0jilles\0" + password, new String(Base64.getDecoder().decode(joined),
                StandardCharsets.UTF_8));

        String exact = "q".repeat(286); // 300 bytes -> exactly 400 base64 chars: a final "+" follows
        Registration r2 = new Registration(plan(Optional.of("jilles"), Optional.of(Secret.of(exact)),
                Optional.empty(), Optional.empty()));
        r2.handle(msg(":irc.test CAP * LS :sasl"));
        r2.handle(msg(":irc.test CAP * ACK :sasl"));
        List<String> exactLines = texts(r2.handle(msg("AUTHENTICATE +")));
        assertEquals(2, exactLines.size());
        assertEquals("AUTHENTICATE +", exactLines.get(1));
    }

    @Test
    void nickServIdentifyAfterWelcomeWithoutSasl() {
        Registration r = new Registration(plan(Optional.empty(), Optional.empty(), Optional.of(Secret.of("ns pw")),
                Optional.empty()));
        r.handle(msg(":irc.test CAP * LS :multi-prefix"));
        r.handle(msg(":irc.test CAP * ACK :multi-prefix"));
        Registration.Step welcome = r.handle(msg(":irc.test 001 romeo :Welcome"));
        assertEquals(List.of("PRIVMSG NickServ :IDENTIFY ns pw"), texts(welcome));
        assertTrue(welcome.send().get(0).secret());
    }

    @Test
    void nickCollisionsTryBoundedAlternatives() {
        Registration r = new Registration(plain());
        assertEquals(List.of("NICK romeo_"), texts(r.handle(msg(":irc.test 433 * romeo :Nickname in use"))));
        assertEquals(List.of("NICK romeo__"), texts(r.handle(msg(":irc.test 433 * romeo_ :in use"))));
        assertEquals(List.of("NICK romeo_3"), texts(r.handle(msg(":irc.test 433 * romeo__ :in use"))));
        Registration.Step gaveUp = r.handle(msg(":irc.test 433 * romeo_3 :in use"));
        assertInstanceOf(TransientFailureException.class, gaveUp.failure().orElseThrow());
    }

    @Test
    void welcomeNickIsTheOneUsed() {
        Registration r = new Registration(plain());
        r.handle(msg(":irc.test 433 * romeo :in use"));
        Registration.Step welcome = r.handle(msg(":irc.test 001 romeo_ :Welcome"));
        assertEquals(Optional.of("romeo_"), welcome.registered());
        assertEquals("romeo_", r.nick());
    }

    @Test
    void refusalsDuringRegistration() {
        Registration error = new Registration(plain());
        Registration.Step step = error.handle(
                msg("ERROR :Closing Link: 127.0.0.1 (Too many connections from your IP)"));
        RateLimitedException limited = assertInstanceOf(RateLimitedException.class, step.failure().orElseThrow());
        assertTrue(limited.getMessage().contains("Too many connections from your IP"));
        assertInstanceOf(RateLimitedException.class,
                new Registration(plain()).handle(msg(":irc.test 465 * :You are banned")).failure().orElseThrow());
        assertInstanceOf(RateLimitedException.class,
                new Registration(plain()).handle(msg(":irc.test 463 * :No permission")).failure().orElseThrow());
        assertInstanceOf(AuthenticationFailedException.class,
                new Registration(plain()).handle(msg(":irc.test 464 * :Password incorrect")).failure().orElseThrow());
    }

    @Test
    void passwordRefusalsAreAuthenticationFailuresWhateverTheServerSends() {
        Optional<Secret> pass = Optional.of(Secret.of("door"));
        // ngircd 26 answers a wrong PASS with ERROR and no 464.
        LegacyException byError = new Registration(plan(Optional.empty(), Optional.empty(), Optional.empty(), pass))
                .handle(msg("ERROR :Access denied: Bad password?")).failure().orElseThrow();
        assertInstanceOf(AuthenticationFailedException.class, byError);
        assertTrue(byError.getMessage().contains("server password"), byError.getMessage());
        // Without a PASS sent, an ERROR naming a password is still the server closing on us, not the user's fault.
        assertInstanceOf(RateLimitedException.class, new Registration(plain())
                .handle(msg("ERROR :Access denied: Bad password?")).failure().orElseThrow());
        // A 464 with only WEBIRC sent refuses the administrator's WEBIRC password, and says so.
        RegistrationPlan webircOnly = new RegistrationPlan("romeo", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(),
                Optional.of(new RegistrationPlan.Webirc(Secret.of("gw"), "switchboard", "fd00::1", "fd00::1")),
                RegistrationPlan.WANTED_CAPS, 3);
        LegacyException webirc = new Registration(webircOnly).handle(msg(":irc.test 464 * :Invalid password"))
                .failure().orElseThrow();
        assertInstanceOf(AuthenticationFailedException.class, webirc);
        assertTrue(webirc.getMessage().contains("WEBIRC"), webirc.getMessage());
    }

    @Test
    void pingIsAnsweredAndNotDelivered() {
        Registration r = new Registration(plain());
        Registration.Step before = r.handle(msg("PING :12345"));
        assertEquals(List.of("PONG 12345"), texts(before));
        assertFalse(before.deliver());
        r.handle(msg(":irc.test 001 romeo :Welcome"));
        Registration.Step after = r.handle(msg("PING :a token"));
        assertEquals(List.of("PONG :a token"), texts(after));
        assertFalse(after.deliver());
        assertFalse(r.handle(msg(":irc.test PONG irc.test :" + Registration.KEEPALIVE_TOKEN)).deliver());
    }

    @Test
    void nakOfAGroupAsksOneByOne() {
        Registration r = new Registration(plain());
        r.handle(msg(":irc.test CAP * LS :multi-prefix batch"));
        assertEquals(List.of("CAP REQ :multi-prefix", "CAP REQ :batch"),
                texts(r.handle(msg(":irc.test CAP * NAK :multi-prefix batch"))));
        assertEquals(List.of(), texts(r.handle(msg(":irc.test CAP * ACK :multi-prefix"))));
        assertEquals(List.of("CAP END"), texts(r.handle(msg(":irc.test CAP * NAK :batch"))));
        assertEquals(Set.of("multi-prefix"), r.features().caps());
    }

    @Test
    void afterWelcomeTracksNickIsupportAndCapNotify() {
        Registration r = new Registration(plain());
        r.handle(msg(":irc.test CAP * LS :cap-notify"));
        r.handle(msg(":irc.test CAP * ACK :cap-notify"));
        r.handle(msg(":irc.test 001 romeo :Welcome"));
        r.handle(msg(":irc.test 005 romeo CHANTYPES=# NICKLEN=30 EXCEPTS NETWORK=Test\\x20Net :are supported"));
        r.handle(msg(":irc.test 005 romeo -EXCEPTS CASEMAPPING=rfc1459 :are supported"));
        assertEquals("30", r.features().token("NICKLEN", "9"));
        assertEquals("Test Net", r.features().token("NETWORK", ""));
        assertFalse(r.features().isupport().containsKey("EXCEPTS"));
        Registration.Step nick = r.handle(msg(":Romeo!r@h NICK :Romeo[away]"));
        assertTrue(nick.deliver());
        assertEquals("Romeo[away]", r.nick());
        r.handle(msg(":other!o@h NICK :x"));
        assertEquals("Romeo[away]", r.nick(), "someone else's NICK is not ours");
        assertEquals(List.of("CAP REQ :away-notify"), texts(r.handle(msg(":irc.test CAP romeo NEW :away-notify sasl"))),
                "no SASL after registration");
        r.handle(msg(":irc.test CAP romeo ACK :away-notify"));
        assertTrue(r.features().has("away-notify"));
        r.handle(msg(":irc.test CAP romeo DEL :away-notify"));
        assertFalse(r.features().has("away-notify"));
        r.handle(msg("ERROR :Closing Link: (Killed)"));
        assertEquals(Optional.of("The IRC server said: Closing Link: (Killed)"), r.serverError());
    }

    @Test
    void serverWithoutCapGetsNoCapEnd() {
        Registration r = new Registration(plain());
        r.handle(msg(":irc.test 421 romeo CAP :Unknown command"));
        Registration.Step welcome = r.handle(msg(":irc.test 001 romeo :Welcome"));
        assertEquals(List.of(), texts(welcome));
        assertEquals(Optional.of("romeo"), welcome.registered());
    }

    @Test
    void linesBeforeWelcomeAreNotDelivered() {
        Registration r = new Registration(plain());
        assertFalse(r.handle(msg(":irc.test NOTICE * :*** Looking up your hostname")).deliver());
        assertTrue(r.handle(msg(":irc.test 001 romeo :Welcome")).deliver());
        assertTrue(r.handle(msg(":irc.test 002 romeo :Your host")).deliver());
    }
}
