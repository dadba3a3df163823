package im.switchboard.core.link;

/** How the component link is protected (THREATS X10). */
public enum TlsMode {
    /** Plain XEP-0114: only for a loopback server, or through a tunnel ({@link LinkSettings#tunnelled()}). */
    OFF,
    /** TLS from the first byte (the server's component port must speak TLS), hostname verified. */
    DIRECT
}
