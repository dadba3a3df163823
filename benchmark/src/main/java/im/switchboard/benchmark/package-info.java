/**
 * Benchmarks (documented commands that print figures, not tests). See {@code docs/performance.md}.
 *
 * <p>The load driver plays the XMPP server side of XEP-0114 in its own process, so that what the gateway
 * process measures (throughput, CPU time) is the gateway's own cost.
 */
package im.switchboard.benchmark;
