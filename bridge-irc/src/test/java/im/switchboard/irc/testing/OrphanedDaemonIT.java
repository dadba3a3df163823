package im.switchboard.irc.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A test JVM killed with SIGKILL (no shutdown hook runs) leaves no IRC daemon listening behind it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrphanedDaemonIT {

    /** The child JVM: starts ngircd, prints its port, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        IrcServerProcess server = Ngircd.builder().start();
        System.out.println("PORT " + server.plainPort());
        System.out.flush();
        new CountDownLatchHolder().await();
    }

    @Test
    void daemonDiesWithItsJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                OrphanedDaemonIT.class.getName())).redirectErrorStream(true).start();
        int port;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PORT "));
            assertTrue(line != null, "the child JVM did not start ngircd");
            port = Integer.parseInt(line.substring("PORT ".length()));
            assertTrue(accepts(port), "ngircd is not listening");
            child.destroyForcibly().waitFor();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (accepts(port) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(!accepts(port), "ngircd still listens on " + port + " after its JVM was killed");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Blocks forever (until the JVM is killed) without a sleep loop. */
    private static final class CountDownLatchHolder {
        private final java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);

        void await() throws InterruptedException {
            never.await();
        }
    }
}
