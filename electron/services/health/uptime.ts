import { readdirSync, readFileSync } from 'node:fs';

/**
 * When the local engine process started, read from /proc (Linux only): the
 * Engine API has no uptime. null when the engine is remote, not on Linux, or
 * not visible from here (another PID namespace).
 */
export function localEngineStartedAt(procRoot = '/proc'): number | null {
  try {
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync(`${procRoot}/stat`, 'utf8'))?.[1]);
    if (!Number.isFinite(btime)) return null;
    // Why 100: USER_HZ is 100 on every Linux architecture Docker runs on.
    const ticksPerSecond = 100;
    for (const pid of readdirSync(procRoot)) {
      if (!/^\d+$/.test(pid)) continue;
      let comm: string;
      try {
        comm = readFileSync(`${procRoot}/${pid}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      if (comm !== 'dockerd' && comm !== 'podman') continue;
      const stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
      // Fields after the ")" that closes the command name; starttime is field 22 overall.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const start = Number(fields[19]);
      if (!Number.isFinite(start)) return null;
      return Math.round((btime + start / ticksPerSecond) * 1000);
    }
  } catch {
    return null;
  }
  return null;
}
