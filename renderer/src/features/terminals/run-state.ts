import type { RunEvent, RunOutcome } from '../../../../shared/contract/runner';
import type { ErrorData } from '../../../../shared/contract/errors';

/** Text kept per pane; older text is dropped from the front. Why: a chatty script must not grow the page without bound. */
export const PANE_CHARS = 200_000;

export interface PaneText {
  text: string;
  dropped: number;
}

export interface ContainerRun {
  ref: string;
  name: string;
  state: 'pending' | 'running' | 'done';
  stdout: PaneText;
  stderr: PaneText;
  outcome?: RunOutcome;
  exitCode?: number | null;
  durationMs?: number;
  error?: ErrorData;
}

export interface RunState {
  runs: ContainerRun[];
  done: boolean;
}

export function initialRun(refs: string[], names: Record<string, string> = {}): RunState {
  return {
    runs: refs.map((ref) => ({ ref, name: names[ref] ?? ref, state: 'pending', stdout: { text: '', dropped: 0 }, stderr: { text: '', dropped: 0 } })),
    done: false,
  };
}

function append(p: PaneText, more: string): PaneText {
  const text = p.text + more;
  if (text.length <= PANE_CHARS) return { text, dropped: p.dropped };
  const cut = text.length - PANE_CHARS;
  return { text: text.slice(cut), dropped: p.dropped + cut };
}

/**
 * Folds one runner event into the view state. Output is decoded with one
 * streaming decoder per container and stream, so a character split across
 * chunks comes out whole.
 */
export function applyRunEvent(state: RunState, ev: RunEvent, bytes: Uint8Array | undefined, decoders: Map<string, TextDecoder>): RunState {
  if (ev.type === 'done') return { ...state, done: true };
  const runs = state.runs.map((r) => {
    if (r.ref !== ev.container) return r;
    switch (ev.type) {
      case 'started':
        return { ...r, name: ev.name, state: 'running' as const };
      case 'output': {
        const key = `${ev.container}\0${ev.stream}`;
        let d = decoders.get(key);
        if (!d) decoders.set(key, (d = new TextDecoder('utf-8')));
        const text = bytes ? d.decode(bytes, { stream: true }) : '';
        return { ...r, [ev.stream]: append(r[ev.stream], text) };
      }
      case 'exit':
        return { ...r, state: 'done' as const, outcome: ev.outcome, exitCode: ev.exitCode, durationMs: ev.durationMs, error: ev.error };
    }
  });
  return { ...state, runs };
}

export function describeExit(r: ContainerRun): string {
  if (r.state === 'pending') return 'Waiting';
  if (r.state === 'running') return 'Running…';
  const secs = r.durationMs !== undefined ? ` after ${(r.durationMs / 1000).toFixed(2)} s` : '';
  switch (r.outcome) {
    case 'timeout':
      return `Timed out${secs}`;
    case 'cancelled':
      return `Cancelled${secs}`;
    case 'failed':
      return `Failed: ${r.error?.message ?? 'unknown error'}`;
    default:
      return `Exit code ${r.exitCode ?? '?'}${secs}${r.error ? ` (${r.error.message})` : ''}`;
  }
}
