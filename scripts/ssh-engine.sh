#!/usr/bin/env bash
# Debian's openssh-server on 127.0.0.1:2222, for the remote-engine tests: Berth
# connects as ssh://root@127.0.0.1:2222 and reaches this machine's engine
# through `docker system dial-stdio`, as the Docker CLI does. Keys are made by
# ssh-keygen into a fixed folder: the host key, authorised ed25519, ECDSA and
# RSA client keys, one passphrase-protected key, one key that is not
# authorised, and one whose sessions see no docker CLI (PATH without it).
# sshd runs with `-f /dev/null` and explicit options only, never the system's; MaxSessions
# stays at its default (10), as on the hosts users reach.
# Idempotent: an sshd already answering on the port is reused.
# Prints the address on its last line.
set -euo pipefail

log() { printf '[ssh-engine] %s\n' "$*" >&2; }
dir=${BERTH_SSH_DIR:-/var/lib/berth-ssh}
port=2222
answers() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 4 <&3" 2>/dev/null | grep -q '^SSH-'; }

if [ ! -s "$dir/authorized_keys" ]; then
  command -v ssh-keygen >/dev/null || { log "ssh-keygen is missing (apt-get install openssh-server)"; exit 1; }
  log "making keys in $dir"
  mkdir -p "$dir"
  chmod 755 "$dir"
  ssh-keygen -q -t ed25519 -N '' -C berth-test-host -f "$dir/host_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C berth-test-ed25519 -f "$dir/id_ed25519"
  ssh-keygen -q -t ecdsa -b 256 -N '' -C berth-test-ecdsa -f "$dir/id_ecdsa"
  ssh-keygen -q -t rsa -b 3072 -N '' -C berth-test-rsa -f "$dir/id_rsa"
  ssh-keygen -q -t ed25519 -N 'berth-test-passphrase' -C berth-test-passphrase -f "$dir/id_passphrase"
  ssh-keygen -q -t ed25519 -N '' -C berth-test-stranger -f "$dir/id_stranger"
  ssh-keygen -q -t ed25519 -N '' -C berth-test-nodocker -f "$dir/id_nodocker"
  {
    cat "$dir/id_ed25519.pub" "$dir/id_ecdsa.pub" "$dir/id_rsa.pub" "$dir/id_passphrase.pub"
    # A remote without the docker CLI: the requested command runs with a PATH that has none.
    printf 'command="PATH=/nonexistent exec /bin/sh -c \\"$SSH_ORIGINAL_COMMAND\\"" %s\n' "$(cat "$dir/id_nodocker.pub")"
  } >"$dir/authorized_keys.tmp"
  mv "$dir/authorized_keys.tmp" "$dir/authorized_keys"
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" >"$dir/known_hosts"
  # Readable by the tests (they run as root here; the keys are throwaway test keys).
  chmod 600 "$dir"/id_* "$dir/host_ed25519"
  chmod 644 "$dir"/*.pub "$dir/known_hosts" "$dir/authorized_keys"
fi

if ! answers; then
  [ "$(id -u)" = 0 ] || { log "needs root to start sshd"; exit 1; }
  [ -x /usr/sbin/sshd ] || { log "/usr/sbin/sshd is missing (apt-get install openssh-server)"; exit 1; }
  mkdir -p /run/sshd
  log "starting sshd on 127.0.0.1:$port"
  /usr/sbin/sshd -f /dev/null -p "$port" -o ListenAddress=127.0.0.1 -o HostKey="$dir/host_ed25519" \
    -o AuthorizedKeysFile="$dir/authorized_keys" -o PidFile="$dir/sshd.pid" -o StrictModes=no \
    -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no \
    -o MaxStartups=50:30:100 -E /var/log/berth-sshd.log
  for _ in $(seq 1 20); do answers && break; sleep 0.25; done
  answers || { log "sshd did not come up; see /var/log/berth-sshd.log"; tail -20 /var/log/berth-sshd.log >&2 || true; exit 1; }
fi
echo "ssh://root@127.0.0.1:$port"
