package im.switchboard.core.access;

import im.switchboard.registration.Registration;
import im.switchboard.registration.RegistrationStore;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xmpp.packet.JID;

/**
 * Decides who may use the gateway (THREATS X2) and whether they are registered (XEP-0100 section 4.1).
 * Thread-safe; pure apart from the registration look-up.
 */
public final class AccessPolicy {

    private final Set<String> allowedDomains;
    private final RegistrationStore registrations;

    /**
     * @param allowedDomains the XMPP domains whose users are served; each is normalised and an invalid one is
     *                       refused with {@link IllegalArgumentException}
     * @param registrations  the bridge's registrations, keyed by normalised bare JID
     */
    public AccessPolicy(Set<String> allowedDomains, RegistrationStore registrations) {
        this.allowedDomains = allowedDomains.stream().map(AccessPolicy::normaliseDomain)
                .collect(Collectors.toUnmodifiableSet());
        this.registrations = Objects.requireNonNull(registrations, "registrations");
    }

    /**
     * A domain in its canonical form: Tinder's domain preparation (IDNA ToASCII and lower case per RFC 6122
     * section 2.2), without a trailing dot.
     */
    public static String normaliseDomain(String domain) {
        Objects.requireNonNull(domain, "domain");
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty() || d.indexOf('@') >= 0 || d.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a domain: " + domain);
        }
        return JID.domainprep(d);
    }

    /** The normalised bare JID that keys all per-user state (THREATS G8); prepares the parts again to be sure. */
    public static String userKey(JID jid) {
        return new JID(jid.getNode(), jid.getDomain(), null).toBareJID();
    }

    /** Whether users of this domain may use the gateway: exact comparison after normalisation. */
    public boolean isAllowedDomain(String domain) {
        try {
            return allowedDomains.contains(normaliseDomain(domain));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The decision for a sender. */
    public AccessDecision decide(JID sender) {
        String user = userKey(sender);
        if (!isAllowedDomain(sender.getDomain())) {
            return new AccessDecision.Forbidden(user);
        }
        if (sender.getNode() == null) {
            // The served XMPP server itself (it may discover the component, XEP-0030): allowed, never registered.
            return new AccessDecision.Unregistered(user);
        }
        Optional<Registration> registration = registrations.find(user);
        return registration.<AccessDecision>map(AccessDecision.Registered::new)
                .orElseGet(() -> new AccessDecision.Unregistered(user));
    }

    /** The served domains, normalised. */
    public Set<String> allowedDomains() {
        return allowedDomains;
    }
}
