#!/usr/bin/env bash
# Benchmarks (documented in docs/performance.md): build, then run one and print its figures.
#
#   ./scripts/benchmark.sh link [MESSAGES [USERS [ROUNDS]]]
#       message stanzas per second through the XEP-0114 link and the core (parse -> route -> FakeBridge ->
#       serialize) against an out-of-process load driver on loopback, with CPU per 1,000 messages, and the
#       driver's own ceiling. Defaults: 200000 messages, 1 user, 3 rounds (medians printed).
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
    history) main=im.switchboard.benchmark.HistoryBenchmark ;;
    *) die "usage: $0 link [MESSAGES [USERS [ROUNDS]]] | history [APPENDS [THREADS [ROUNDS [RATE]]]]" ;;
esac

select_jdk
cd "$SWITCHBOARD_ROOT"
log "Building (./mvnw package -DskipTests -pl benchmark -am)"
./mvnw -B -q package -DskipTests -pl benchmark -am
classpath="benchmark/target/classes:$(cat benchmark/target/classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$classpath" "$main" "$@"
