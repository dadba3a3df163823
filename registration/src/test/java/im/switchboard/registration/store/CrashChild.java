package im.switchboard.registration.store;

import static im.switchboard.registration.store.StoreFixtures.IRC;

import im.switchboard.registration.crypto.MasterKey;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of the crash tests (THREATS G5): writes to a database and, at the {@code n}-th time it reaches a
 * named {@link CrashHook} point, prints {@code CRASH-POINT <point>} and blocks until the parent kills it with
 * SIGKILL. Prints {@code SAVED <i>} after each save returned.
 *
 * <pre>
 * register &lt;db&gt; &lt;keyFile&gt; &lt;point&gt; &lt;n&gt;          save user(i, "v1") for i = 0, 1, ...
 * update   &lt;db&gt; &lt;keyFile&gt; &lt;point&gt; &lt;n&gt; &lt;count&gt;  save user(i, "v2") for i below count
 * rotate   &lt;db&gt; &lt;oldKeyFile&gt; &lt;newKeyFile&gt; &lt;point&gt; &lt;n&gt;
 * </pre>
 */
public final class CrashChild {

    static final String CRASH_LINE = "CRASH-POINT ";
    static final String SAVED_LINE = "SAVED ";

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path database = Path.of(args[1]);
        boolean rotate = mode.equals("rotate");
        String point = args[rotate ? 4 : 3];
        int hit = Integer.parseInt(args[rotate ? 5 : 4]);
        AtomicInteger reached = new AtomicInteger();
        CrashHook.install(name -> {
            if (name.equals(point) && reached.incrementAndGet() == hit) {
                System.out.println(CRASH_LINE + name);
                System.out.flush();
                blockUntilKilled();
            }
        });
        switch (mode) {
            case "register" -> {
                try (CredentialDatabase db = CredentialDatabase.open(database, MasterKey.readFrom(Path.of(args[2])))) {
                    for (int i = 0; i < 1000; i++) {
                        db.forDomain(IRC).save(StoreFixtures.user(i, "v1"));
                        System.out.println(SAVED_LINE + i);
                    }
                }
            }
            case "update" -> {
                int count = Integer.parseInt(args[5]);
                try (CredentialDatabase db = CredentialDatabase.open(database, MasterKey.readFrom(Path.of(args[2])))) {
                    for (int i = 0; i < count; i++) {
                        db.forDomain(IRC).save(StoreFixtures.user(i, "v2"));
                        System.out.println(SAVED_LINE + i);
                    }
                }
            }
            case "rotate" -> CredentialDatabase.rotateKey(database, MasterKey.readFrom(Path.of(args[2])),
                    MasterKey.readFrom(Path.of(args[3])));
            default -> throw new IllegalArgumentException(mode);
        }
        System.out.println("DONE without reaching " + point);
        System.exit(2);
    }

    /** Waits to be killed; if the parent is gone and nobody kills, ends after a minute without cleaning up. */
    private static void blockUntilKilled() {
        try {
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(3);
    }
}
