/**
 * POSIX sh run inside a container (busybox ash, dash and bash all take it) to
 * signal the processes of one of our sessions. The Engine API has no way to
 * kill an exec's process, and killing only the shell leaves its children
 * running (`docker top` shows them): so we walk /proc ourselves.
 *
 * Arguments: ROOT_PID SIGNAL MODE
 * - MODE=tree: ROOT_PID, every descendant, and everything in its session
 *   (background jobs reparented to PID 1 stay in the session).
 * - MODE=fg: the terminal's foreground process group (what Ctrl+C reaches),
 *   or the whole tree when the shell itself is in the foreground.
 * Fields of /proc/PID/stat after "(comm) ": state ppid pgrp session tty tpgid.
 */
export const SIGNAL_SCRIPT = String.raw`
root=$1; sig=$2; mode=$3
rd() { read -r l < "/proc/$1/stat" 2>/dev/null || return 1; r=${'$'}{l##*) }; set -- $r; ppid=$2; pgrp=$3; sid=$4; tpgid=$6; }
if [ "$mode" = fg ] && rd "$root"; then
  fg=$tpgid
  if [ "$fg" -gt 0 ] 2>/dev/null && [ "$fg" != "$root" ]; then
    for d in /proc/[0-9]*; do p=${'$'}{d#/proc/}; rd "$p" || continue; [ "$pgrp" = "$fg" ] && kill -s "$sig" "$p" 2>/dev/null; done
    exit 0
  fi
fi
collect() {
  pids=" $root "
  while :; do
    added=0
    for d in /proc/[0-9]*; do
      p=${'$'}{d#/proc/}
      case "$pids" in *" $p "*) continue ;; esac
      rd "$p" || continue
      case "$pids" in *" $ppid "*) pids="$pids$p "; added=1; continue ;; esac
      [ "$sid" = "$root" ] && { pids="$pids$p "; added=1; }
    done
    [ $added = 0 ] && break
  done
}
collect
if [ "$sig" = KILL ]; then
  # Freeze first so nothing forks between listing and killing.
  kill -s STOP $pids 2>/dev/null; collect
fi
kill -s "$sig" $pids 2>/dev/null
exit 0
`;

export const SIGNAL_NAMES = { interrupt: 'INT', terminate: 'TERM', kill: 'KILL' } as const;
