#!/usr/bin/env bash
# Benchmarks (documented in docs/performance.md): build, then run one and print its figures.
#
#   ./scripts/benchmark.sh link [MESSAGES [USERS [ROUNDS]]]
#       message stanzas per second through the XEP-0114 link and the core (parse -> route -> FakeBridge ->
#       serialize) against an out-of-process load driver on loopback, with CPU per 1,000 messages, and the
#       driver's own ceiling. Defaults: 200000 messages, 1 user, 3 rounds (medians printed).
#
#   ./scripts/benchmark.sh irc-connections [N [ROUNDS]] [--client=connector|pircbotx|pircbotx-untuned|raw]
#           [--server=load|ngircd|ngircd-nopenalty] [--channels=own|shared] [--max-connecting=K] [--timeout=S]
#       N IRC connections (default 1000, 3 rounds) opened at once through the gateway's connection code, each
#       joining one channel: time until every one joined, RSS and heap per connection after GC (fresh child JVM
#       per round), every join checked on both sides; the raw-socket client's figures are the driver's ceiling.
#
#   ./scripts/benchmark.sh irc-relay [MESSAGES [USERS [ROUNDS]]] [--mode=channel|private]
#           [--history=off|on|alternate] [--time-tags] [--direction=both|in|out] [--versus-biboumi]
#       messages/s IRC -> XMPP and XMPP -> IRC through the whole gateway (XMPP driver and load IRC server in child
#       processes), CPU per 1,000 messages of the gateway process, and the IRC driver's ceiling.
#       Defaults: 200000 messages, 1 user, 3 rounds. --history=alternate: history off and on in turn, same run.
#       --versus-biboumi: 1 and 50 users, both directions, each median next to Biboumi's figure and the ratio.
#
#   ./scripts/benchmark.sh irc-ceiling [MESSAGES [USERS [ROUNDS]]]
#       the IRC load driver's own ceiling only (raw-socket clients).
#
#   ./scripts/benchmark.sh history [APPENDS [THREADS [ROUNDS [RATE]]]]
#       room history appends per second into a no-op history and into the encrypted H2 write-behind, the
#       writer's sustained stored/s, and the CPU each append costs (writer included) next to the no-op's.
#       Defaults: 1000000 appends, 2 threads, 5 rounds, RATE 0 = burst (or appends/s, paced like a relay).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

which=${1:-}
[ $# -gt 0 ] && shift
case "$which" in
    link) main=im.switchboard.benchmark.LinkBenchmark ;;
    irc-connections) main=im.switchboard.benchmark.irc.IrcConnectionsBenchmark ;;
    irc-relay) main=im.switchboard.benchmark.irc.IrcRelayBenchmark ;;
    irc-ceiling) main=im.switchboard.benchmark.irc.IrcDriverCeiling ;;
    history) main=im.switchboard.benchmark.HistoryBenchmark ;;
    *) die "usage: $0 link|history|irc-connections|irc-relay|irc-ceiling [ARGS...] (see the header of $0)" ;;
esac

select_jdk
cd "$SWITCHBOARD_ROOT"
log "Building (./mvnw package -DskipTests -pl benchmark -am)"
./mvnw -B -q package -DskipTests -pl benchmark -am
classpath="benchmark/target/classes:$(cat benchmark/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$classpath" "$main" "$@"
