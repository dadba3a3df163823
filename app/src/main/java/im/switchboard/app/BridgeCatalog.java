package im.switchboard.app;

import im.switchboard.core.spi.Bridge;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The bridges on the class path, found through {@link ServiceLoader}, by network id. */
final class BridgeCatalog {

    private final Map<String, Class<? extends Bridge>> byId;

    private BridgeCatalog(Map<String, Class<? extends Bridge>> byId) {
        this.byId = byId;
    }

    /** Every bridge registered in {@code META-INF/services/im.switchboard.core.spi.Bridge}. */
    static BridgeCatalog discover() {
        Map<String, Class<? extends Bridge>> byId = new TreeMap<>();
        for (ServiceLoader.Provider<Bridge> provider : ServiceLoader.load(Bridge.class).stream().toList()) {
            String id = provider.get().info().id();
            Class<? extends Bridge> previous = byId.putIfAbsent(id, provider.type());
            if (previous != null && previous != provider.type()) {
                throw new IllegalStateException("two bridges on the class path claim the network id '" + id + "': "
                        + previous.getName() + " and " + provider.type().getName());
            }
        }
        return new BridgeCatalog(byId);
    }

    /** A new instance of the bridge with that id: one per component, since a bridge serves one domain. */
    Bridge create(String id) {
        Class<? extends Bridge> type = byId.get(id);
        if (type == null) {
            throw new IllegalArgumentException("no bridge '" + id + "' is installed; installed: " + ids());
        }
        // A fresh loader's provider instantiates a new bridge on each get().
        return ServiceLoader.load(Bridge.class).stream()
                .filter(provider -> provider.type() == type)
                .findFirst()
                .orElseThrow()
                .get();
    }

    Set<String> ids() {
        return byId.keySet();
    }
}
