#!/usr/bin/env bash
# Stops the Prosody that ./scripts/run-local.sh started (pid in .run/prosody.pid). Safe to run any time.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "$(stop_local_prosody)" in
    stopped) echo "Stopped the local Prosody." ;;
    *) echo "The local Prosody was not running." ;;
esac
