#!/usr/bin/env bash
# A second, throwaway dockerd beside the first, for tests that must be free to
# act on every container of their engine (the contract fuzz test prunes,
# removes and recreates whatever its inputs name). Own socket, data-root,
# exec-root, pidfile, cgroup parent and a bridge of its own; never
# `--bridge none`, which deletes the first daemon's docker0 at start.
# Idempotent: an engine already answering on the socket is reused.
# Prints the DOCKER_HOST to use on its last line.
set -euo pipefail

log() { printf '[second-engine] %s\n' "$*" >&2; }
base=${BERTH_ENGINE2_DIR:-/run/berth-engine2}
sock="$base/docker.sock"
host="unix://$sock"
bridge=berth-br2
# A link-local-free private /24 of our own bridge, on this machine only.
cidr=10.213.7.1/24

if ! docker -H "$host" version >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { log "needs root to start a dockerd"; exit 1; }
  mkdir -p "$base" /var/lib/berth-engine2
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$cidr" dev "$bridge"
  fi
  ip link set "$bridge" up
  log "starting a second dockerd at $sock"
  nohup dockerd --host "$host" --data-root /var/lib/berth-engine2 --exec-root "$base/exec" \
    --pidfile "$base/docker.pid" --cgroup-parent berth-engine2 --bridge "$bridge" \
    --iptables=false --ip-masq=false >/var/log/berth-engine2.log 2>&1 &
  for _ in $(seq 1 60); do docker -H "$host" version >/dev/null 2>&1 && break; sleep 0.5; done
  docker -H "$host" version >/dev/null 2>&1 || { log "it did not come up; see /var/log/berth-engine2.log"; tail -20 /var/log/berth-engine2.log >&2 || true; exit 1; }
fi
# The same local test image as the first engine (nothing can be pulled here).
if ! docker -H "$host" image inspect berth-test/busybox:latest >/dev/null 2>&1; then
  log "loading berth-test/busybox:latest"
  docker save berth-test/busybox:latest | docker -H "$host" load >/dev/null
fi
echo "$host"
