#!/usr/bin/env bash
# Stops the Prosody and the ngircd that ./scripts/run-local.sh started (pids in .run/prosody.pid and
# .run/ngircd.pid). Safe to run any time.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "$(stop_local_prosody)" in
    stopped) echo "Stopped the local Prosody." ;;
    *) echo "The local Prosody was not running." ;;
esac

case "$(stop_local_ngircd)" in
    stopped) echo "Stopped the local ngircd." ;;
    *) echo "The local ngircd was not running." ;;
esac
