import type { ContainerRow, ContainerState } from '../../../../shared/contract/containers';
import { tagsFromLabels, TAG_LABEL_PREFIX } from '../../../../shared/contract/labels';

export interface Filter {
  text: string;
  state: ContainerState | 'all' | 'active';
  /** A tag ("web"), a label key ("com.example.team") or key=value. */
  tag: string;
}

export function matchesTag(row: ContainerRow, tag: string): boolean {
  const t = tag.trim();
  if (!t) return true;
  const eq = t.indexOf('=');
  if (eq > 0) return row.labels[t.slice(0, eq)] === t.slice(eq + 1);
  return (TAG_LABEL_PREFIX + t) in row.labels || t in row.labels;
}

export function portText(p: ContainerRow['ports'][number]): string {
  return p.hostPort ? `${p.hostPort}→${p.containerPort}/${p.protocol}` : `${p.containerPort}/${p.protocol}`;
}

export function matchesFilter(row: ContainerRow, f: Filter): boolean {
  if (f.state === 'active' && !(row.state === 'running' || row.state === 'paused' || row.state === 'restarting')) return false;
  if (f.state !== 'all' && f.state !== 'active' && row.state !== f.state) return false;
  if (!matchesTag(row, f.tag)) return false;
  const q = f.text.trim().toLowerCase();
  if (!q) return true;
  const hay = [row.name, row.image, row.id.slice(0, 12), row.state, row.statusText, row.command, ...tagsFromLabels(row.labels), ...row.ports.map(portText)]
    .join(' ')
    .toLowerCase();
  return q.split(/\s+/).every((word) => hay.includes(word));
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Uptime for running containers; empty otherwise (or while inspect has not said when it started). */
export function uptime(row: ContainerRow, now: number): string {
  if ((row.state !== 'running' && row.state !== 'paused') || !row.startedAt) return '';
  return formatDuration(now - row.startedAt);
}

/** The status in words, kept current from the row's times rather than the engine's stale "Up 5 minutes". */
export function describeStatus(row: ContainerRow, now: number): string {
  const health = row.health ? ` (${row.health === 'starting' ? 'health: starting' : row.health})` : '';
  switch (row.state) {
    case 'running':
      return row.startedAt ? `Up ${formatDuration(now - row.startedAt)}${health}` : row.statusText || 'Running';
    case 'paused':
      return row.startedAt ? `Up ${formatDuration(now - row.startedAt)} (paused)` : row.statusText || 'Paused';
    case 'exited':
      if (row.finishedAt !== null) return `Exited (${row.exitCode ?? '?'}) ${formatDuration(now - row.finishedAt)} ago`;
      return row.statusText || `Exited (${row.exitCode ?? '?'})`;
    case 'created':
      return row.error ? 'Created (start failed)' : 'Created';
    default:
      return row.statusText || row.state.charAt(0).toUpperCase() + row.state.slice(1);
  }
}

/**
 * "Last error" column: the engine's start error, an OOM kill, a non-zero exit
 * code, or, for a container its restart policy keeps restarting, the exit
 * that made it restart.
 */
export function lastError(row: ContainerRow): string {
  if (row.error) return row.error;
  if (row.oomKilled) return 'Killed: out of memory';
  const code = row.exitCode;
  const exit = code === null ? '' : `Exit code ${code}${code > 128 && code < 160 ? ` (signal ${code - 128})` : ''}`;
  const restarts = row.restartCount ? ` (restart ${row.restartCount})` : '';
  if (row.state === 'restarting') return code !== null && code !== 0 ? `${exit}, restarting${restarts}` : `Restarting${restarts}`;
  if (row.state === 'running' && row.restartCount) {
    const times = `Restarted ${row.restartCount} time${row.restartCount === 1 ? '' : 's'} by its restart policy`;
    return code !== null && code !== 0 ? `${times}; last ${exit.charAt(0).toLowerCase()}${exit.slice(1)}` : times;
  }
  if ((row.state === 'exited' || row.state === 'dead') && code !== null && code !== 0) return exit;
  return '';
}

/** Every tag and plain label key=value across rows, for the tag filter's suggestions. */
export function tagSuggestions(rows: Iterable<ContainerRow>, limit = 200): string[] {
  const set = new Set<string>();
  for (const r of rows) {
    for (const t of tagsFromLabels(r.labels)) set.add(t);
    for (const [k, v] of Object.entries(r.labels)) {
      if (!k.startsWith(TAG_LABEL_PREFIX) && set.size < limit * 4) set.add(v ? `${k}=${v}` : k);
    }
  }
  return [...set].sort().slice(0, limit);
}

/** Which single-row actions make sense in a state, in the order they are shown. */
export function actionsFor(state: ContainerState): Array<'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill'> {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'pause', 'kill'];
    case 'restarting':
      return ['stop', 'kill'];
    case 'paused':
      return ['unpause', 'stop', 'kill'];
    case 'created':
    case 'exited':
    case 'dead':
      return ['start'];
    default:
      return [];
  }
}

/** Applies one event from containers.watch to the rows map; returns whether anything changed. */
export function applyEvent(
  rows: Map<string, ContainerRow>,
  ev: { type: 'snapshot'; rows: ContainerRow[] } | { type: 'upsert'; rows: ContainerRow[] } | { type: 'remove'; ids: string[] },
): void {
  if (ev.type === 'snapshot') {
    rows.clear();
    for (const r of ev.rows) rows.set(r.id, r);
  } else if (ev.type === 'upsert') {
    for (const r of ev.rows) rows.set(r.id, r);
  } else {
    for (const id of ev.ids) rows.delete(id);
  }
}
