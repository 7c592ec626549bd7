#!/usr/bin/env bash
# Provision what the tests need on a Debian machine: a Docker engine, the local
# test images, Chromium. Idempotent: reuses an engine that already answers.
# Needs root only for what is missing (apt-get, starting dockerd).
set -euo pipefail

log() { printf '[provision] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else log "need root for: $*"; return 1; fi; }

missing=()
# An engine that already answers (any kind, any DOCKER_HOST) is used as it is.
docker version >/dev/null 2>&1 || command -v dockerd >/dev/null || missing+=(docker.io)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
# The pull tests run a throwaway local registry (no registry on the internet is reachable).
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
# The second engine's bridge is made with ip(8).
command -v ip >/dev/null || missing+=(iproute2)
# The remote-engine tests reach the engine over SSH (sshd, ssh-keygen) and TLS (openssl).
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Docker CLI we talk to may be newer than Debian's engine; it negotiates down.
if ! docker version >/dev/null 2>&1; then
  if [ -n "${DOCKER_HOST:-}" ]; then log "DOCKER_HOST=$DOCKER_HOST does not answer"; exit 1; fi
  log "starting dockerd"
  as_root sh -c 'nohup dockerd >/var/log/berth-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 0.5; done
  docker version >/dev/null 2>&1 || { log "dockerd did not come up; see /var/log/berth-dockerd.log"; tail -20 /var/log/berth-dockerd.log || true; exit 1; }
fi
log "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# Test images, made locally: no registry is reachable from these machines.
if ! docker image inspect berth-test/busybox:latest >/dev/null 2>&1; then
  log "building berth-test/busybox:latest from busybox-static"
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root" "$root/app"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' -c 'WORKDIR /' - berth-test/busybox:latest >/dev/null
  rm -rf "$root"
fi
# An image with no shell at all, for the "shell-less image" paths: busybox without
# its applet links, run as `busybox sleep` (busybox picks the applet by argv[0]).
if [ "$(docker image inspect -f '{{json .Config.Entrypoint}}' berth-test/noshell:latest 2>/dev/null)" != '["/bin/busybox","sleep"]' ]; then
  log "building berth-test/noshell:latest"
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/app"
  cp /bin/busybox "$root/bin/busybox"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | docker import -c 'ENTRYPOINT ["/bin/busybox","sleep"]' -c 'CMD ["3600"]' - berth-test/noshell:latest >/dev/null
  rm -rf "$root"
fi
log "images: berth-test/busybox:latest berth-test/noshell:latest"

# A second, throwaway engine for the contract fuzz test (it acts on every container it finds).
log "second engine: $(bash "$(dirname "$0")/second-engine.sh")"
# Remote engines for the connection tests: a dockerd over TLS, and this engine over SSH.
log "TLS engine: $(bash "$(dirname "$0")/tls-engine.sh")"
log "SSH engine: $(bash "$(dirname "$0")/ssh-engine.sh")"
