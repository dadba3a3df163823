#!/usr/bin/env bash
# Runs Switchboard on this machine for a first look, loopback only:
#   - a private Prosody (c2s on 127.0.0.1:5222, or a free port if that is taken; XEP-0114 component port on
#     127.0.0.1:5347) with the virtual host "localhost" and the components "irc.localhost" and "fake.localhost",
#   - a private ngircd (IRC on 127.0.0.1:6667, or a free port if that is taken), allow-listed in the
#     gateway's config as the IRC server "localhost", so #test%localhost@irc.localhost is a MUC room,
#   - a demo account demo@localhost with a random password (kept in .run/demo-password),
#   - then the gateway in the foreground (section "--- gateway ---" below).
#
#   ./scripts/run-local.sh      re-runnable: stops the Prosody and ngircd of a previous run first
#   ./scripts/stop-local.sh     stops the Prosody and ngircd started here
#
# Everything lives in .run/ at the repository root (gitignored). Needs a Debian/Ubuntu machine; installs
# prosody and ngircd with apt-get if they are missing (as root or with sudo), without starting their
# system services.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

XMPP_DOMAIN="localhost"
C2S_PREFERRED_PORT=5222
# The gateway's side of the XEP-0114 link; the gateway section below reuses these.
COMPONENT_DOMAIN="fake.localhost"
IRC_COMPONENT_DOMAIN="irc.localhost"
COMPONENT_PREFERRED_PORT=5347
# The local IRC server: the gateway's allow-list calls it "localhost" (the host in #chan%localhost@irc...).
# ngircd wants a dot in the name it announces (ngircd.conf(5), Global/Name).
IRC_PREFERRED_PORT=6667
IRC_SERVER_NAME="ngircd.localhost"
DEMO_USER="demo"

PROSODY_DATA="$LOCAL_RUN_DIR/prosody-data"
PROSODY_LOG="$LOCAL_RUN_DIR/prosody.log"
PROSODY_OUT="$LOCAL_RUN_DIR/prosody.out"
CERTS_DIR="$LOCAL_RUN_DIR/certs"

ensure_packages prosody ngircd
select_jdk

umask 077
mkdir -p "$LOCAL_RUN_DIR" "$PROSODY_DATA" "$CERTS_DIR"
chmod 700 "$LOCAL_RUN_DIR"

old="$(stop_local_prosody)"
[ "$old" = "stopped" ] && log "Stopped the Prosody of a previous run"
old="$(stop_local_ngircd)"
[ "$old" = "stopped" ] && log "Stopped the ngircd of a previous run"

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
            -addext "subjectAltName=DNS:$XMPP_DOMAIN,DNS:$COMPONENT_DOMAIN,DNS:$IRC_COMPONENT_DOMAIN" \
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

Component "$IRC_COMPONENT_DOMAIN"
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
log "Prosody runs (pid $PROSODY_PID): c2s 127.0.0.1:$C2S_PORT, components $IRC_COMPONENT_DOMAIN and" \
    "$COMPONENT_DOMAIN on 127.0.0.1:$COMPONENT_PORT"

# --- ngircd ---
# A private IRC server on loopback only. DNS/Ident lookups off (instant connects), PAM off (no password),
# no per-IP connection cap (every XMPP user of the gateway connects from 127.0.0.1). Run in the foreground
# (-n) as our own background job: started as root, ngircd drops to "nobody" and could not write a pid file
# into .run/, so the pid file is ours.
IRC_PORT="$(pick_port "$IRC_PREFERRED_PORT" 16667)"
[ "$IRC_PORT" = "$IRC_PREFERRED_PORT" ] || log "Port $IRC_PREFERRED_PORT is taken: the local IRC server uses $IRC_PORT"
NGIRCD_LOG="$LOCAL_RUN_DIR/ngircd.log"
cat > "$LOCAL_NGIRCD_CONFIG" <<CONF
# Written by scripts/run-local.sh; rewritten at every run. Loopback only.
[Global]
Name = $IRC_SERVER_NAME
Info = Switchboard local demo IRC server
AdminInfo1 = Switchboard run-local.sh
AdminInfo2 = loopback only
AdminEMail = nobody@localhost
Listen = 127.0.0.1
Ports = $IRC_PORT
MotdPhrase = Welcome to the local IRC server of Switchboard's run-local.sh. Try #test.
[Limits]
MaxConnectionsIP = 0
MaxJoins = 0
MaxNickLength = 30
[Options]
DNS = no
Ident = no
PAM = no
CONF
chmod 644 "$LOCAL_NGIRCD_CONFIG"
# setsid: the server outlives this script (which becomes the gateway) and a Ctrl-C in this terminal.
setsid ngircd -n -f "$LOCAL_NGIRCD_CONFIG" < /dev/null >> "$NGIRCD_LOG" 2>&1 &
echo $! > "$LOCAL_NGIRCD_PIDFILE"
NGIRCD_PID="$(cat "$LOCAL_NGIRCD_PIDFILE")"
waited=0
until port_in_use "$IRC_PORT"; do
    if ! kill -0 "$NGIRCD_PID" 2>/dev/null; then
        tail -n 20 "$NGIRCD_LOG" >&2
        die "ngircd did not start (log: $NGIRCD_LOG)"
    fi
    [ "$waited" -lt 300 ] || { stop_local_ngircd > /dev/null; die "ngircd not ready within 30 s (log: $NGIRCD_LOG)"; }
    sleep 0.1
    waited=$((waited + 1))
done
log "ngircd runs (pid $NGIRCD_PID): IRC on 127.0.0.1:$IRC_PORT, announced as $IRC_SERVER_NAME"

# --- gateway ---
# Build the distribution and run it in the foreground, attached to this Prosody as $IRC_COMPONENT_DOMAIN
# (the IRC bridge, allow-listing the ngircd above) and $COMPONENT_DOMAIN (the reference FakeBridge from
# component-core's test fixtures: an in-memory network whose user "echo" answers every message; it stays
# because it needs nothing but the JVM and shows registration and 1:1 chat on its own).
log "Building the gateway (./mvnw -B -q package -DskipTests)"
(cd "$SWITCHBOARD_ROOT" && ./mvnw -B -q package -DskipTests)
dist="$(find "$SWITCHBOARD_ROOT/app/target" -maxdepth 2 -type d -name 'switchboard-*' -path '*-dist/*' | head -n 1)"
[ -x "$dist/bin/switchboard" ] || die "the build produced no distribution under app/target"
fake_bridge="$(find "$SWITCHBOARD_ROOT/component-core/target" -maxdepth 1 -name 'switchboard-component-core-*-tests.jar' \
    | head -n 1)"
[ -n "$fake_bridge" ] || die "the build produced no component-core test-jar (the FakeBridge)"

# The credential store's master key: outside the database's directory, mode 0600, kept across runs.
[ -s "$LOCAL_RUN_DIR/master.key" ] || "$dist/bin/switchboard" keygen "$LOCAL_RUN_DIR/master.key" > /dev/null

# The IRC component needs the IRC bridge registered for ServiceLoader in its jar; a build from before the
# bridge existed serves the fake component only, and says so.
irc_jar="$(find "$dist/lib" -maxdepth 1 -name 'switchboard-bridge-irc-*.jar' | head -n 1)"
irc_bridge=false
if [ -n "$irc_jar" ] && "$JAVA_HOME/bin/jar" tf "$irc_jar" | grep -qx 'META-INF/services/im.switchboard.core.spi.Bridge'
then
    irc_bridge=true
else
    log "This build has no IRC bridge registered: only $COMPONENT_DOMAIN is served (ngircd runs anyway)"
fi

cat > "$LOCAL_RUN_DIR/switchboard.toml" <<TOML
# Written by scripts/run-local.sh; rewritten at every run. The secret comes from the environment.
[xmpp]
host = "127.0.0.1"
port = $COMPONENT_PORT

[gateway]
allowed-domains = ["$XMPP_DOMAIN"]
admins = ["$DEMO_USER@$XMPP_DOMAIN"]
# The demo lets you join IRC rooms before registering with irc.localhost (your MUC nick becomes your IRC
# nick, as in Biboumi). Register (XEP-0077) to keep a nick, SASL/NickServ passwords and always-on servers.
rooms-for-unregistered = true

[store]
database = "$LOCAL_RUN_DIR/data/credentials.mv.db"
master-key-file = "$LOCAL_RUN_DIR/master.key"

[components.fake]
domain = "$COMPONENT_DOMAIN"
TOML
if [ "$irc_bridge" = true ]; then
    cat >> "$LOCAL_RUN_DIR/switchboard.toml" <<TOML

[components.irc]
domain = "$IRC_COMPONENT_DOMAIN"

# The IRC bridge: only allow-listed servers are reachable (THREATS I4). The local ngircd is plain text on
# loopback, which is why this one entry allows plaintext.
[irc-servers.local]
host = "localhost"
port = $IRC_PORT
tls = false
allow-plaintext = true
TOML
fi

served="$COMPONENT_DOMAIN"
irc_text="IRC: this build has no IRC bridge yet; the local IRC server runs on 127.0.0.1:$IRC_PORT anyway."
if [ "$irc_bridge" = true ]; then
    served="$IRC_COMPONENT_DOMAIN and $COMPONENT_DOMAIN"
    irc_text="IRC: join the MUC room  #test%localhost@$IRC_COMPONENT_DOMAIN  (Gajim: Accounts > Join Group Chat)
with any nick. The gateway connects you to the local ngircd (127.0.0.1:$IRC_PORT) as that nick. To see
yourself from the IRC side, point any IRC client at 127.0.0.1 port $IRC_PORT (for example: irssi -c
127.0.0.1 -p $IRC_PORT, then /join #test). Only servers on the gateway's allow-list are reachable: here,
\"localhost\"."
fi

cat <<TEXT

Prosody and ngircd are running in the background (stop them with ./scripts/stop-local.sh); the gateway
starts below in the foreground as $served (Ctrl-C stops it gracefully).
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

$irc_text

The other component, $COMPONENT_DOMAIN, is the reference FakeBridge: open "Discover services" on it and
register (XEP-0077) with username "demo", password "demo"; its contact echo@$COMPONENT_DOMAIN answers every
message. $DEMO_USER@$XMPP_DOMAIN is an admin: the gateway's ad-hoc commands list users and statistics.

TEXT

export SWITCHBOARD_COMPONENTS_FAKE_SECRET="$COMPONENT_SECRET"
# Only with a [components.irc] table: an environment variable that matches no setting is a config error.
[ "$irc_bridge" = true ] && export SWITCHBOARD_COMPONENTS_IRC_SECRET="$COMPONENT_SECRET"
export SWITCHBOARD_EXTRA_CLASSPATH="$fake_bridge"
export SWITCHBOARD_OPTS="${SWITCHBOARD_OPTS:-} -Dswitchboard.fake.accounts=demo:demo"
exec "$dist/bin/switchboard" run --config "$LOCAL_RUN_DIR/switchboard.toml"
