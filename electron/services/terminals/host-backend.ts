import { readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import * as pty from 'node-pty';
import { BerthError } from '../../../shared/contract/errors';
import type { BackendSink, TerminalBackend } from './backend';

/** The user's login shell on this machine. */
export function hostShell(): string {
  const fromEnv = process.env.SHELL;
  if (fromEnv) return fromEnv;
  try {
    const s = userInfo().shell;
    if (s) return s;
  } catch {
    // no passwd entry (some containers): fall through
  }
  return process.platform === 'win32' ? 'powershell.exe' : '/bin/sh';
}

/** session, pgrp and foreground pgrp from /proc/PID/stat (Linux), or null. */
export function readStat(pid: number): { ppid: number; pgrp: number; session: number; tpgid: number } | null {
  try {
    const line = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = line.slice(line.lastIndexOf(') ') + 2).split(' ');
    return { ppid: Number(f[1]), pgrp: Number(f[2]), session: Number(f[3]), tpgid: Number(f[5]) };
  } catch {
    return null;
  }
}

function pidsWhere(test: (pid: number, stat: NonNullable<ReturnType<typeof readStat>>) => boolean): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const d of entries) {
    const pid = Number(d);
    const s = readStat(pid);
    if (s && test(pid, s)) out.push(pid);
  }
  return out;
}

function kill(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export function startHostShell(size: { cols: number; rows: number }, sink: BackendSink): { backend: TerminalBackend; shell: string; cwd: string } {
  const shell = hostShell();
  const cwd = homedir();
  let proc: pty.IPty;
  try {
    proc = pty.spawn(shell, process.platform === 'win32' ? [] : ['-l'], {
      name: 'xterm-256color',
      cols: size.cols,
      rows: size.rows,
      cwd,
      env: { ...process.env, TERM: 'xterm-256color', COLORTERM: 'truecolor' } as Record<string, string>,
      // Bytes, not strings: node-pty would otherwise decode UTF-8 chunk by chunk.
      encoding: null,
    } as pty.IPtyForkOptions);
  } catch (e) {
    throw new BerthError('internal', `Could not start ${shell}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let ended = false;
  let closing = false;
  (proc.onData as unknown as (l: (d: Buffer | string) => void) => void)((d) => sink.data(typeof d === 'string' ? Buffer.from(d) : d));
  proc.onExit(({ exitCode, signal }) => {
    ended = true;
    const reason = closing ? 'The session was closed.' : signal ? `The shell was killed by signal ${signal}.` : `The shell exited with code ${exitCode}.`;
    sink.end(signal ? null : exitCode, reason);
  });

  const sessionPids = () => pidsWhere((_pid, s) => s.session === proc.pid);
  const backend: TerminalBackend = {
    async write(bytes) {
      if (!ended) proc.write(bytes);
    },
    async resize(cols, rows) {
      if (!ended) proc.resize(cols, rows);
    },
    async signal(signal) {
      if (ended) throw new BerthError('wrong-state', 'The session has ended.');
      if (signal === 'interrupt') return void proc.write('\x03');
      const sig: NodeJS.Signals = signal === 'kill' ? 'SIGKILL' : 'SIGTERM';
      const fg = readStat(proc.pid)?.tpgid ?? -1;
      if (fg > 0 && fg !== proc.pid) for (const p of pidsWhere((_pid, s) => s.pgrp === fg)) kill(p, sig);
      else if (sig === 'SIGKILL') for (const p of [proc.pid, ...sessionPids()]) kill(p, sig);
      else kill(proc.pid, sig);
    },
    async close() {
      if (ended) return;
      closing = true;
      const pids = sessionPids();
      kill(proc.pid, 'SIGHUP');
      for (const p of pids) kill(p, 'SIGKILL');
      kill(proc.pid, 'SIGKILL');
    },
    pause: () => proc.pause(),
    resume: () => proc.resume(),
  };
  return { backend, shell, cwd };
}
