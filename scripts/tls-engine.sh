#!/usr/bin/env bash
# A dockerd on tcp://127.0.0.1:2376 with --tlsverify, for the remote-engine
# tests. Certificates are made with openssl into a fixed folder: a CA, a server
# certificate for 127.0.0.1, a client certificate, and a second ("rogue") CA
# with a client certificate of its own, which the daemon must not trust. Own
# data-root, exec-root, pidfile, cgroup parent and bridge (never
# `--bridge none`, which deletes the first daemon's docker0 at start).
# Idempotent: an engine already answering with these certificates is reused.
# Prints the DOCKER_HOST to use on its last line.
set -euo pipefail

log() { printf '[tls-engine] %s\n' "$*" >&2; }
certs=${BERTH_TLS_DIR:-/var/lib/berth-tls}
base=/run/berth-engine-tls
host=tcp://127.0.0.1:2376
bridge=berth-br3
cidr=10.213.8.1/24
cli() { docker -H "$host" --tlsverify --tlscacert "$certs/ca.pem" --tlscert "$certs/cert.pem" --tlskey "$certs/key.pem" "$@"; }

make_ca() { # name
  openssl genrsa -out "$certs/$1-key.pem" 2048 2>/dev/null
  openssl req -new -x509 -days 3650 -key "$certs/$1-key.pem" -subj "/CN=Berth test $1" -out "$certs/$1.pem" 2>/dev/null
}
make_cert() { # ca name subject extfile-line
  openssl genrsa -out "$certs/$2-key.pem" 2048 2>/dev/null
  openssl req -new -key "$certs/$2-key.pem" -subj "/CN=$3" -out "$certs/$2.csr" 2>/dev/null
  printf '%s\n' "$4" >"$certs/$2.ext"
  openssl x509 -req -days 3650 -in "$certs/$2.csr" -CA "$certs/$1.pem" -CAkey "$certs/$1-key.pem" -CAcreateserial \
    -extfile "$certs/$2.ext" -out "$certs/$2-cert.pem" 2>/dev/null
  rm -f "$certs/$2.csr" "$certs/$2.ext"
}

if [ ! -s "$certs/rogue-client-cert.pem" ]; then
  log "making certificates in $certs"
  mkdir -p "$certs"
  chmod 755 "$certs"
  make_ca ca
  make_cert ca server 127.0.0.1 'subjectAltName = IP:127.0.0.1,DNS:localhost
extendedKeyUsage = serverAuth'
  make_cert ca client 'berth-test-client' 'extendedKeyUsage = clientAuth'
  # The names the Docker CLI's DOCKER_CERT_PATH expects, for the client.
  cp "$certs/client-cert.pem" "$certs/cert.pem"
  cp "$certs/client-key.pem" "$certs/key.pem"
  make_ca rogue-ca
  make_cert rogue-ca rogue-client 'berth-rogue-client' 'extendedKeyUsage = clientAuth'
  chmod 644 "$certs"/*.pem
fi

if ! cli version >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { log "needs root to start a dockerd"; exit 1; }
  mkdir -p "$base" /var/lib/berth-engine-tls
  # A daemon that was killed leaves its pidfile behind (and, until reaped, a zombie under
  # that pid): dockerd would refuse to start. Only a live dockerd's pidfile is kept.
  if [ -f "$base/docker.pid" ]; then
    old=$(cat "$base/docker.pid")
    stat=$(ps -o stat= -p "$old" 2>/dev/null || true)
    case "$stat" in ''|Z*) rm -f "$base/docker.pid" ;; esac
  fi
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$cidr" dev "$bridge"
  fi
  ip link set "$bridge" up
  log "starting a TLS dockerd at $host"
  nohup dockerd --host "$host" --tlsverify --tlscacert "$certs/ca.pem" --tlscert "$certs/server-cert.pem" \
    --tlskey "$certs/server-key.pem" --data-root /var/lib/berth-engine-tls --exec-root "$base/exec" \
    --pidfile "$base/docker.pid" --cgroup-parent berth-engine-tls --bridge "$bridge" \
    --iptables=false --ip-masq=false >/var/log/berth-engine-tls.log 2>&1 &
  for _ in $(seq 1 60); do cli version >/dev/null 2>&1 && break; sleep 0.5; done
  cli version >/dev/null 2>&1 || { log "it did not come up; see /var/log/berth-engine-tls.log"; tail -20 /var/log/berth-engine-tls.log >&2 || true; exit 1; }
fi
if ! cli image inspect berth-test/busybox:latest >/dev/null 2>&1; then
  log "loading berth-test/busybox:latest"
  docker save berth-test/busybox:latest | cli load >/dev/null
fi
echo "$host"
