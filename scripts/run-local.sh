#!/usr/bin/env bash
# Runs Switchboard on this machine for a first look, loopback only:
#   - a private Prosody (c2s on 127.0.0.1:5222, or a free port if that is taken; XEP-0114 component port on
#     127.0.0.1:5347) with the virtual host "localhost" and the component "fake.localhost",
#   - a demo account demo@localhost with a random password (kept in .run/demo-password),
#   - then the gateway in the foreground (section "--- gateway ---" below).
#
#   ./scripts/run-local.sh      re-runnable: stops the Prosody of a previous run first
#   ./scripts/stop-local.sh     stops the Prosody started here
#
# Everything lives in .run/ at the repository root (gitignored). Needs a Debian/Ubuntu machine; installs
# prosody with apt-get if it is missing (as root or with sudo).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

XMPP_DOMAIN="localhost"
C2S_PREFERRED_PORT=5222
# The gateway's side of the XEP-0114 link; the gateway section below reuses these.
COMPONENT_DOMAIN="fake.localhost"
COMPONENT_PREFERRED_PORT=5347
DEMO_USER="demo"

PROSODY_DATA="$LOCAL_RUN_DIR/prosody-data"
PROSODY_LOG="$LOCAL_RUN_DIR/prosody.log"
PROSODY_OUT="$LOCAL_RUN_DIR/prosody.out"
CERTS_DIR="$LOCAL_RUN_DIR/certs"

ensure_packages prosody
select_jdk

umask 077
mkdir -p "$LOCAL_RUN_DIR" "$PROSODY_DATA" "$CERTS_DIR"
chmod 700 "$LOCAL_RUN_DIR"

old="$(stop_local_prosody)"
[ "$old" = "stopped" ] && log "Stopped the Prosody of a previous run"

# True if anything listens on TCP port $1 (on loopback or on all interfaces).
port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# Prints $1 if it is free, else the first free port from $2 on.
pick_port() {
    local port
    if ! port_in_use "$1"; then
        echo "$1"
        return 0
    fi
    for port in $(seq "$2" $(($2 + 200))); do
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "no free port near $2 on 127.0.0.1"
}

# 32 hex characters from the kernel's CSPRNG.
random_secret() {
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

# Kept across runs, so a client that saved the password and a gateway config that holds the secret stay valid.
[ -s "$LOCAL_RUN_DIR/component-secret" ] || random_secret > "$LOCAL_RUN_DIR/component-secret"
[ -s "$LOCAL_RUN_DIR/demo-password" ] || random_secret > "$LOCAL_RUN_DIR/demo-password"
COMPONENT_SECRET="$(cat "$LOCAL_RUN_DIR/component-secret")"
DEMO_PASSWORD="$(cat "$LOCAL_RUN_DIR/demo-password")"

C2S_PORT="$(pick_port "$C2S_PREFERRED_PORT" 15222)"
COMPONENT_PORT="$(pick_port "$COMPONENT_PREFERRED_PORT" 15347)"
[ "$C2S_PORT" = "$C2S_PREFERRED_PORT" ] || log "Port $C2S_PREFERRED_PORT is taken: clients connect to $C2S_PORT"
[ "$COMPONENT_PORT" = "$COMPONENT_PREFERRED_PORT" ] \
    || log "Port $COMPONENT_PREFERRED_PORT is taken: the component port is $COMPONENT_PORT"

# STARTTLS for clients that insist on TLS, with a self-signed certificate (when openssl is available).
# Prosody finds certs/localhost.crt and .key by host name. Plaintext stays allowed: this is loopback.
tls_module=""
if command -v openssl >/dev/null 2>&1; then
    if [ ! -s "$CERTS_DIR/$XMPP_DOMAIN.crt" ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$XMPP_DOMAIN" \
            -addext "subjectAltName=DNS:$XMPP_DOMAIN,DNS:$COMPONENT_DOMAIN" \
            -keyout "$CERTS_DIR/$XMPP_DOMAIN.key" -out "$CERTS_DIR/$XMPP_DOMAIN.crt" >/dev/null 2>&1 \
            || log "openssl could not make a certificate: plaintext only"
    fi
    [ -s "$CERTS_DIR/$XMPP_DOMAIN.crt" ] && tls_module='"tls"; '
fi

run_as_root=false
# Prosody refuses to run as root unless told to; prosodyctl would switch to the 'prosody' user, which
# cannot write .run/. As a normal user this changes nothing.
[ "$(id -u)" -eq 0 ] && run_as_root=true

cat > "$LOCAL_PROSODY_CONFIG" <<LUA
-- Written by scripts/run-local.sh; rewritten at every run. Loopback only.
run_as_root = $run_as_root
pidfile = "$LOCAL_PROSODY_PIDFILE"
data_path = "$PROSODY_DATA"
certificates = "$CERTS_DIR"
log = { { levels = { min = "info" }, to = "file", filename = "$PROSODY_LOG" } }

modules_enabled = {
    "roster"; "saslauth"; ${tls_module}"disco"; "carbons"; "pep"; "private"; "blocklist";
    "vcard4"; "vcard_legacy"; "bookmarks"; "mam"; "smacks"; "csi_simple";
    "ping"; "time"; "version"; "uptime"; "posix";
}
-- No federation: s2s is loaded by default and would listen on every interface.
modules_disabled = { "s2s"; "s2s_auth_certs" }

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_interfaces = { "127.0.0.1" }
c2s_ports = { $C2S_PORT }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
component_interfaces = { "127.0.0.1" }
component_ports = { $COMPONENT_PORT }

c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage = "internal"

VirtualHost "$XMPP_DOMAIN"

Component "$COMPONENT_DOMAIN"
    component_secret = "$COMPONENT_SECRET"
LUA

# Creates the account, or resets its password to the one in .run/demo-password.
prosodyctl --config "$LOCAL_PROSODY_CONFIG" register "$DEMO_USER" "$XMPP_DOMAIN" "$DEMO_PASSWORD" \
    > "$LOCAL_RUN_DIR/prosodyctl.out" 2>&1 \
    || { cat "$LOCAL_RUN_DIR/prosodyctl.out" >&2; die "could not create $DEMO_USER@$XMPP_DOMAIN"; }

log_lines_before=0
[ -f "$PROSODY_LOG" ] && log_lines_before="$(wc -l < "$PROSODY_LOG")"

# -D: Prosody detaches and writes its pid file itself once it has started.
prosody -D --config "$LOCAL_PROSODY_CONFIG" < /dev/null > "$PROSODY_OUT" 2>&1 \
    || { cat "$PROSODY_OUT" >&2; die "Prosody did not start (see $PROSODY_LOG)"; }

new_log() { tail -n "+$((log_lines_before + 1))" "$PROSODY_LOG" 2>/dev/null || true; }
startup_failed() {
    new_log | tail -n 30 >&2
    stop_local_prosody > /dev/null
    die "Prosody did not start: $1 (log: $PROSODY_LOG)"
}

waited=0
until [ -s "$LOCAL_PROSODY_PIDFILE" ] && port_in_use "$C2S_PORT" && port_in_use "$COMPONENT_PORT"; do
    new_log | grep -q 'Failed to open server port' && startup_failed "a port is taken"
    [ "$waited" -lt 300 ] || startup_failed "not ready within 30 s"
    sleep 0.1
    waited=$((waited + 1))
done
new_log | grep -q 'Failed to open server port' && startup_failed "a port is taken"
PROSODY_PID="$(tr -dc '0-9' < "$LOCAL_PROSODY_PIDFILE")"
is_local_prosody "$PROSODY_PID" || startup_failed "pid file $LOCAL_PROSODY_PIDFILE does not name it"
log "Prosody runs (pid $PROSODY_PID): c2s 127.0.0.1:$C2S_PORT, component $COMPONENT_DOMAIN on 127.0.0.1:$COMPONENT_PORT"

# --- gateway ---
# Build the distribution and run it in the foreground, attached to this Prosody as $COMPONENT_DOMAIN.
# Until the IRC, email and SMS bridges land, the component is served by the reference FakeBridge from
# component-core's test fixtures (an in-memory network whose user "echo" answers every message).
log "Building the gateway (./mvnw -B -q package -DskipTests)"
(cd "$SWITCHBOARD_ROOT" && ./mvnw -B -q package -DskipTests)
dist="$(find "$SWITCHBOARD_ROOT/app/target" -maxdepth 2 -type d -name 'switchboard-*' -path '*-dist/*' | head -n 1)"
[ -x "$dist/bin/switchboard" ] || die "the build produced no distribution under app/target"
fake_bridge="$(find "$SWITCHBOARD_ROOT/component-core/target" -maxdepth 1 -name 'switchboard-component-core-*-tests.jar' \
    | head -n 1)"
[ -n "$fake_bridge" ] || die "the build produced no component-core test-jar (the FakeBridge)"

# The credential store's master key: outside the database's directory, mode 0600, kept across runs.
[ -s "$LOCAL_RUN_DIR/master.key" ] || "$dist/bin/switchboard" keygen "$LOCAL_RUN_DIR/master.key" > /dev/null

cat > "$LOCAL_RUN_DIR/switchboard.toml" <<TOML
# Written by scripts/run-local.sh; rewritten at every run. The secret comes from the environment.
[xmpp]
host = "127.0.0.1"
port = $COMPONENT_PORT

[gateway]
allowed-domains = ["$XMPP_DOMAIN"]
admins = ["$DEMO_USER@$XMPP_DOMAIN"]

[store]
database = "$LOCAL_RUN_DIR/data/credentials.mv.db"
master-key-file = "$LOCAL_RUN_DIR/master.key"

[components.fake]
domain = "$COMPONENT_DOMAIN"
TOML

cat <<TEXT

Prosody is running in the background (stop it with ./scripts/stop-local.sh); the gateway starts
below in the foreground as $COMPONENT_DOMAIN (Ctrl-C stops it gracefully).
Log in with any XMPP client on this machine:

  Server:    127.0.0.1      Port: $C2S_PORT
  User:      $DEMO_USER@$XMPP_DOMAIN
  Password:  $DEMO_PASSWORD     (also in .run/demo-password)

This server is reachable from this machine only and has no real certificate:
  - Gajim: Add account > Advanced: host 127.0.0.1, port $C2S_PORT; tick "Allow plaintext connections"
    (or accept the self-signed certificate when asked).
  - Dino: uses STARTTLS and will ask about the self-signed certificate; accept it for $XMPP_DOMAIN.
  - Conversations runs on Android and cannot reach this machine's 127.0.0.1 directly; from an emulator
    or a USB-connected phone use 'adb reverse tcp:$C2S_PORT tcp:$C2S_PORT', server 127.0.0.1.
  - Smack, profanity, etc.: disable TLS or accept the certificate; do not use DNS SRV lookups.

Then open "Discover services" (Gajim: Accounts > Discover Services) on $COMPONENT_DOMAIN and register
(XEP-0077) with the demo network's account: username "demo", password "demo". The demo network is the
reference FakeBridge (the IRC bridge comes with the next release); its contact echo@$COMPONENT_DOMAIN
answers every message. $DEMO_USER@$XMPP_DOMAIN is an admin: the gateway's ad-hoc commands list users and statistics.

TEXT

export SWITCHBOARD_COMPONENTS_FAKE_SECRET="$COMPONENT_SECRET"
export SWITCHBOARD_EXTRA_CLASSPATH="$fake_bridge"
export SWITCHBOARD_OPTS="${SWITCHBOARD_OPTS:-} -Dswitchboard.fake.accounts=demo:demo"
exec "$dist/bin/switchboard" run --config "$LOCAL_RUN_DIR/switchboard.toml"
