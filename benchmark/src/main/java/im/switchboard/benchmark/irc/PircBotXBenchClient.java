package im.switchboard.benchmark.irc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pircbotx.Configuration;
import org.pircbotx.PircBotX;
import org.pircbotx.hooks.ListenerAdapter;
import org.pircbotx.hooks.events.ConnectEvent;
import org.pircbotx.hooks.events.DisconnectEvent;
import org.pircbotx.hooks.events.MessageEvent;
import org.pircbotx.hooks.events.ServerResponseEvent;
import org.pircbotx.hooks.managers.SequentialListenerManager;

/**
 * PircBotX 2.1 bots configured by hand, one virtual thread each (its {@code startBot} runs the reader loop on
 * the calling thread): the prototype of the gateway's connection code until {@code PircIrcConnector} exists,
 * and the "out of the box" reference.
 *
 * <p>{@code tuned}: listeners run inline on the reader thread ({@link SequentialListenerManager} with an
 * inline executor, no thread per event), no 1-second delay between output lines ({@code messageDelay} 0; the
 * gateway throttles in its own send queue), no shutdown-hook thread object per bot, no WHO/MODE after each
 * join. Untuned: PircBotX's defaults (a {@code ThreadedListenerManager} on a cached platform thread pool,
 * one line per second, shutdown hook, WHO and MODE on join).
 */
public final class PircBotXBenchClient implements BenchClient {

    private final boolean tuned;
    private final List<PircBotX> bots = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public PircBotXBenchClient(boolean tuned) {
        this.tuned = tuned;
    }

    @Override
    public void start(String host, int port, String nick, String channel, JoinTracker tracker) {
        Listener listener = new Listener(nick, channel, tracker);
        Configuration.Builder builder = new Configuration.Builder()
                .setName(nick)
                .setLogin("bench")
                .setRealName("benchmark bot")
                .addServer(host, port)
                .addAutoJoinChannel(channel)
                .setAutoReconnect(false)
                .setCapEnabled(true);
        if (tuned) {
            builder.setListenerManager(SequentialListenerManager.builder()
                            .sequentialThreadFactory(Thread.ofVirtual().factory())
                            .executorPool(Runnable::run)
                            .build()
                            .addListenerInline(listener))
                    .setMessageDelay(0)
                    .setShutdownHookEnabled(false)
                    .setOnJoinWhoEnabled(false);
        } else {
            builder.addListener(listener);
        }
        PircBotX bot = new PircBotX(builder.buildConfiguration());
        bots.add(bot);
        threads.add(Thread.ofVirtual().name("bot-" + nick).start(() -> {
            try {
                bot.startBot();
            } catch (Exception e) {
                tracker.failed(nick, e.toString());
            }
        }));
    }

    @Override
    public void sendMessages(String target, long count) {
        List<Thread> writers = new CopyOnWriteArrayList<>();
        for (PircBotX bot : bots) {
            writers.add(Thread.ofVirtual().start(() -> {
                for (long i = 0; i < count; i++) {
                    bot.sendIRC().message(target, "pircbotx message " + i);
                }
            }));
        }
        for (Thread t : writers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        for (PircBotX bot : bots) {
            bot.stopBotReconnect();
            if (bot.isConnected()) {
                bot.sendIRC().quitServer("bye");
            }
        }
        for (Thread t : threads) {
            try {
                if (!t.join(java.time.Duration.ofSeconds(5))) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Registration is the ConnectEvent; the join is complete at RPL_ENDOFNAMES (366) for our channel. */
    private static final class Listener extends ListenerAdapter {

        private final String nick;
        private final String channel;
        private final JoinTracker tracker;

        Listener(String nick, String channel, JoinTracker tracker) {
            this.nick = nick;
            this.channel = channel;
            this.tracker = tracker;
        }

        @Override
        public void onConnect(ConnectEvent event) {
            tracker.registered(nick);
        }

        @Override
        public void onServerResponse(ServerResponseEvent event) {
            if (event.getCode() == 366 && event.getParsedResponse().size() > 1
                    && event.getParsedResponse().get(1).equalsIgnoreCase(channel)) {
                tracker.joined(nick);
            }
        }

        @Override
        public void onMessage(MessageEvent event) {
            tracker.message();
        }

        @Override
        public void onDisconnect(DisconnectEvent event) {
            tracker.failed(nick, "disconnected: " + event.getDisconnectException());
        }
    }
}
