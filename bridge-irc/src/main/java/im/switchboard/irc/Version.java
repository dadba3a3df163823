package im.switchboard.irc;

/** The bridge's version, from the jar's manifest when packaged. */
final class Version {

    /** Reported through XEP-0092 next to Switchboard's. */
    static final String VERSION = versionOf();

    private Version() {
    }

    private static String versionOf() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
