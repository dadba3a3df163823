# shellcheck shell=bash
# Shared helpers for scripts/test.sh, scripts/run-local.sh and .ci/run. Source it, do not run it.
#
#   ensure_packages PKG...    install the Debian packages that are missing (apt-get, as root or with sudo)
#   ensure_test_servers       install the servers the end-to-end tests run (TEST_SERVER_PACKAGES)
#   select_jdk                export JAVA_HOME (and PATH) for a JDK >= 21, or fail saying what to do

# The repository root, whatever the caller's working directory.
SWITCHBOARD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages of the real servers the tests start on loopback, each with a private configuration:
# Prosody (XMPP), ngircd and InspIRCd (IRC), Atheme (IRC services, for SASL against InspIRCd).
# Their system services are never needed: ensure_packages keeps Debian from starting them at install time
# and disables them on systemd machines. The tests do not depend on that either: every fixture listens on
# kernel-chosen free ports of 127.0.0.1 with its own config, so a packaged ngircd/inspircd already running
# on 6667 (installed earlier by hand) neither takes a test's port nor answers a test's client.
TEST_SERVER_PACKAGES=(prosody ngircd inspircd atheme-services)

MIN_JAVA_MAJOR=21

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run '$*': run this script as root or install sudo"
    fi
}

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Installs the packages of "$@" that are missing. apt-get update runs only when something is missing.
# A server package installed here is only wanted as a binary for tests and run-local.sh: Debian would
# start its system service (Prosody listening for clients and servers on every interface, ngircd and
# InspIRCd on port 6667 of every interface, Atheme trying to link), so starting services is refused during
# the install (policy-rc.d, which invoke-rc.d honours under sysvinit and systemd alike) and, on a systemd
# machine, the service is disabled and stopped afterwards so it does not come up at the next boot either.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 \
        || die "missing packages: ${missing[*]} (this script installs with apt-get only: install them yourself)"
    log "Installing ${missing[*]} (apt-get)"
    local policy=/usr/sbin/policy-rc.d added_policy=''
    if [ ! -e "$policy" ]; then
        # policy-rc.d exit code 101 = "action forbidden": the packages' services are not started.
        as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
        added_policy=1
    fi
    local status=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || status=$?
    if [ "$status" -eq 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
            || status=$?
    fi
    [ -n "$added_policy" ] && as_root rm -f "$policy"
    [ "$status" -eq 0 ] || die "apt-get failed (exit $status) installing: ${missing[*]}"
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
        for pkg in "${missing[@]}"; do
            if systemctl cat "$pkg.service" >/dev/null 2>&1; then
                log "Disabling the system service $pkg.service that the package installed" \
                    "(re-enable: systemctl enable --now $pkg)"
                as_root systemctl disable --now "$pkg.service" >/dev/null 2>&1 || true
            fi
        done
    fi
}

ensure_test_servers() {
    ensure_packages "${TEST_SERVER_PACKAGES[@]}"
}

# Prints the major version of the JDK at $1 (empty if it is not a JDK: javac is needed to build).
jdk_major() {
    local home="$1" version
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
    version="$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
    case "$version" in
        1.*) version="${version#1.}" ;;
    esac
    printf '%s\n' "${version%%[.+-]*}"
}

jdk_is_usable() {
    local major
    major="$(jdk_major "$1")"
    [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA_MAJOR" ] 2>/dev/null
}

# Chooses the JDK: $JAVA_HOME if it is >= 21; else the newest Temurin 25 under /usr/lib/jvm; else the
# newest JDK >= 21 there. Exports JAVA_HOME and puts its bin first on PATH.
select_jdk() {
    local chosen='' candidate
    if [ -n "${JAVA_HOME:-}" ] && jdk_is_usable "$JAVA_HOME"; then
        chosen="$JAVA_HOME"
    fi
    if [ -z "$chosen" ]; then
        for candidate in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -name '*temurin*25*' 2>/dev/null | sort -rV); do
            if jdk_is_usable "$candidate"; then
                chosen="$candidate"
                break
            fi
        done
    fi
    if [ -z "$chosen" ]; then
        local best_major=0 major
        for candidate in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort -V); do
            [ -L "$candidate" ] && continue
            major="$(jdk_major "$candidate")"
            if [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA_MAJOR" ] && [ "$major" -ge "$best_major" ]; then
                best_major="$major"
                chosen="$candidate"
            fi
        done
    fi
    [ -n "$chosen" ] || die "no JDK >= $MIN_JAVA_MAJOR found (JAVA_HOME='${JAVA_HOME:-}', nothing suitable in" \
        "/usr/lib/jvm). Install one (Temurin 25, or openjdk-21-jdk-headless where your distribution has it)" \
        "and/or set JAVA_HOME to it."
    JAVA_HOME="$chosen"
    export JAVA_HOME
    PATH="$JAVA_HOME/bin:$PATH"
    export PATH
}

# --- local run (scripts/run-local.sh, scripts/stop-local.sh) ---

# Work folder of run-local.sh (gitignored).
LOCAL_RUN_DIR="$SWITCHBOARD_ROOT/.run"
LOCAL_PROSODY_CONFIG="$LOCAL_RUN_DIR/prosody.cfg.lua"
LOCAL_PROSODY_PIDFILE="$LOCAL_RUN_DIR/prosody.pid"

LOCAL_NGIRCD_CONFIG="$LOCAL_RUN_DIR/ngircd.conf"
LOCAL_NGIRCD_PIDFILE="$LOCAL_RUN_DIR/ngircd.pid"

# True if $1 is the pid of the ngircd started with our local config (never signal a recycled pid).
is_local_ngircd() {
    local args
    args="$(ps -o args= -p "$1" 2>/dev/null)" || return 1
    case "$args" in
        *ngircd*"$LOCAL_NGIRCD_CONFIG"*) return 0 ;;
        *) return 1 ;;
    esac
}

# Stops the ngircd that run-local.sh started, if it runs: SIGTERM, up to 10 s, then SIGKILL.
# Prints "stopped" or "not running".
stop_local_ngircd() {
    local pid=''
    [ -f "$LOCAL_NGIRCD_PIDFILE" ] && pid="$(tr -dc '0-9' < "$LOCAL_NGIRCD_PIDFILE")"
    if [ -z "$pid" ] || ! is_local_ngircd "$pid"; then
        rm -f "$LOCAL_NGIRCD_PIDFILE"
        echo "not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "ngircd (pid $pid) did not stop within 10 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$LOCAL_NGIRCD_PIDFILE"
    echo "stopped"
}

# True if $1 is the pid of a Prosody started with our local config (never signal a recycled pid).
is_local_prosody() {
    local args
    args="$(ps -o args= -p "$1" 2>/dev/null)" || return 1
    case "$args" in
        *prosody*"$LOCAL_PROSODY_CONFIG"*) return 0 ;;
        *) return 1 ;;
    esac
}

# Stops the Prosody that run-local.sh started, if it runs: SIGTERM, up to 10 s, then SIGKILL.
# Prints "stopped" or "not running".
stop_local_prosody() {
    local pid=''
    [ -f "$LOCAL_PROSODY_PIDFILE" ] && pid="$(tr -dc '0-9' < "$LOCAL_PROSODY_PIDFILE")"
    if [ -z "$pid" ] || ! is_local_prosody "$pid"; then
        rm -f "$LOCAL_PROSODY_PIDFILE"
        echo "not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "Prosody (pid $pid) did not stop within 10 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$LOCAL_PROSODY_PIDFILE"
    echo "stopped"
}
