/** Counters of one gateway component, read as an immutable {@link im.switchboard.core.stats.GatewayStatistics}. */
package im.switchboard.core.stats;
