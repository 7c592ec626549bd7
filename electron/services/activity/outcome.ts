import type { ActivityOutcome } from '../../../shared/contract/activity';
import { BerthError } from '../../../shared/contract/errors';
import { explain } from '../../../shared/errors/explain';

export interface Judged {
  outcome: Exclude<ActivityOutcome, 'ok'>;
  /** In words. */
  error: string;
  /** The raw text, when the words differ from it. */
  details?: string;
}

/**
 * Codes that mean the attempt was declined before anything changed, as opposed to something going wrong part way.
 * Not `invalid-input` on its own: the engine answers a failed start (an OCI error) with 400 too.
 */
const REFUSED = new Set(['name-in-use', 'port-in-use']);

/** A failure's text in words where we know it, the raw text kept as details. */
export function inWords(e: unknown): { error: string; details?: string } {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  const words = explain(raw);
  return words ? { error: words.message, details: words.details } : { error: raw };
}

/** How an action that threw went, with the engine's text put in words where we know it. */
export function judgeError(e: unknown): Judged {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  const code = e instanceof BerthError ? e.code : undefined;
  // A Berth check that names the field it declined (no such network, a bind outside the allowed folders) refused the input.
  const checked = e instanceof BerthError && e.field !== undefined && code !== 'internal' && code !== 'engine-unreachable';
  const refused = (code !== undefined && REFUSED.has(code)) || checked || (code === 'not-found' && /\bnetwork \S+ not found/i.test(raw));
  const outcome: Judged['outcome'] = code === 'cancelled' ? 'cancelled' : refused ? 'refused' : 'error';
  return { outcome, ...inWords(raw) };
}

/** A command's exit code decides: zero succeeded, anything else failed; no code at all (cut off) failed too. */
export function judgeExit(r: { outcome: string; exitCode: number | null; error?: { message: string } }): Judged | undefined {
  if (r.outcome === 'cancelled') return { outcome: 'cancelled', error: 'Cancelled' };
  if (r.outcome === 'timeout') return { outcome: 'error', error: 'Timed out' + (r.exitCode !== null ? ` (exit code ${r.exitCode})` : '') };
  if (r.outcome === 'exited' && r.exitCode === 0) return undefined;
  if (r.exitCode !== null) return { outcome: 'error', error: `Exited with code ${r.exitCode}${r.error ? `: ${r.error.message}` : ''}` };
  return r.error ? judgeError(r.error.message) : { outcome: 'error', error: 'Ended without an exit code' };
}
