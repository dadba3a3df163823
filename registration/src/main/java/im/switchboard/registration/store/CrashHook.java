package im.switchboard.registration.store;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Named points inside writes where crash-safety tests stop a child JVM and kill it (THREATS G5). Production code
 * never installs a hook, so {@link #reach(String)} does nothing there; only test code in this package can.
 */
final class CrashHook {

    private static volatile Consumer<String> hook = point -> { };

    private CrashHook() {
    }

    static void install(Consumer<String> newHook) {
        hook = Objects.requireNonNull(newHook, "newHook");
    }

    static void reach(String point) {
        hook.accept(point);
    }
}
