package im.switchboard.registration.store;

import java.util.Map;

/**
 * A registration as kept in memory and on disk: non-secret fields in clear, secrets sealed (AES-256-GCM) for
 * their domain, user and field. The arrays are never modified after construction.
 */
record StoredRegistration(String user, Map<String, String> fields, Map<String, byte[]> sealedSecrets) {

    StoredRegistration {
        fields = Map.copyOf(fields);
        sealedSecrets = Map.copyOf(sealedSecrets);
    }
}
