#!/usr/bin/env bash
# The test command: builds everything and runs all tests, unit (Surefire) and integration/end-to-end
# (Failsafe, against real servers on loopback).
#
#   ./scripts/test.sh [extra Maven arguments]     e.g. ./scripts/test.sh -Dit.test=ProsodyServerIT
#
# Installs the test servers from Debian's packages when they are missing (needs root or sudo once),
# picks a JDK >= 21 (JAVA_HOME if suitable, else Temurin 25, else the newest under /usr/lib/jvm), then
# runs ./mvnw -B verify from the repository root. Test servers are started and stopped by the tests
# themselves; a server whose test JVM dies shuts itself down within seconds.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_test_servers
select_jdk
log "JDK: $JAVA_HOME"
cd "$SWITCHBOARD_ROOT"
exec ./mvnw -B verify "$@"
