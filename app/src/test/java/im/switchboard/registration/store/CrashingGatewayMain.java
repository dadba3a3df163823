package im.switchboard.registration.store;

import im.switchboard.app.Main;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The gateway's {@link Main} with a crash point armed in the credential store (THREATS G5): when a write reaches
 * the point named by {@code -Dcrash.point} for the {@code -Dcrash.hit}th time, it prints {@code CRASH-POINT <name>}
 * and stops there, so that the test can kill the whole gateway process exactly at that point. Lives in the store's
 * package because only test code there may install a {@link CrashHook}.
 */
public final class CrashingGatewayMain {

    private CrashingGatewayMain() {
    }

    public static void main(String[] args) {
        String point = System.getProperty("crash.point");
        int hit = Integer.getInteger("crash.hit", 1);
        AtomicInteger hits = new AtomicInteger();
        CrashHook.install(reached -> {
            if (reached.equals(point) && hits.incrementAndGet() == hit) {
                System.out.println("CRASH-POINT " + reached);
                System.out.flush();
                while (true) {
                    LockSupport.park();
                }
            }
        });
        Main.main(args);
    }
}
