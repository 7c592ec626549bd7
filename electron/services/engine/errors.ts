import { BerthError, type ErrorData } from '../../../shared/contract/errors';

/** Node socket errors that mean "nothing answers there". */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN']);

interface DockerodeError {
  statusCode?: number;
  code?: string;
  reason?: string;
  json?: { message?: string } | string | null;
  message?: string;
}

/** The engine's own sentence, without dockerode's "(HTTP code 409) unexpected -" prefix. */
export function engineMessage(e: DockerodeError): string {
  const fromJson = typeof e.json === 'object' && e.json?.message ? e.json.message : typeof e.json === 'string' ? e.json : undefined;
  const text = fromJson ?? e.message ?? 'Unknown engine error';
  return text.replace(/^\(HTTP code \d+\)\s*[a-z ]*-\s*/i, '').trim();
}

/**
 * Maps whatever the engine or the socket threw to a Berth error the UI can act
 * on. Used by every service and by the RPC server as its error mapper.
 */
export function toBerthError(e: unknown, endpoint?: string): BerthError {
  if (e instanceof BerthError) return e;
  // A request aborted for a reason of ours (engine declared unreachable, a deadline) carries it as the cause.
  if (e instanceof Error && e.name === 'AbortError' && e.cause instanceof BerthError) return e.cause;
  if (e instanceof Error && e.name === 'AbortError') return new BerthError('cancelled', 'Cancelled');
  const d = (e ?? {}) as DockerodeError;
  if (d.code && UNREACHABLE.has(d.code)) {
    return new BerthError('engine-unreachable', `The container engine${endpoint ? ` at ${endpoint}` : ''} is not reachable (${d.code}).`, { cause: e });
  }
  if (d.code === 'EACCES' || d.code === 'EPERM') {
    return new BerthError('permission-denied', `Permission denied on the engine socket${endpoint ? ` ${endpoint}` : ''}.`, { cause: e });
  }
  if (typeof d.statusCode === 'number') {
    const msg = engineMessage(d);
    const lower = msg.toLowerCase();
    if (/port is already allocated|address already in use|bind: .*in use/.test(lower)) {
      return new BerthError('port-in-use', msg, { cause: e });
    }
    if (d.statusCode >= 300 && d.statusCode < 400 && d.statusCode !== 304) {
      // The engine redirects only paths it would clean (`//`, `..`): the reference was not one it names.
      return new BerthError('invalid-input', 'The engine refused that path: a name or id may not contain "//", "." or ".." segments.', { cause: e });
    }
    switch (d.statusCode) {
      case 304:
        return new BerthError('wrong-state', d.reason ? `Nothing to do: ${d.reason}` : 'The container is already in that state', { cause: e });
      case 400:
        return new BerthError('invalid-input', msg, { cause: e });
      case 401:
      case 403:
        return new BerthError('permission-denied', msg, { cause: e });
      case 404:
        if (/no such image|pull access denied|repository .* not found|manifest unknown/.test(lower)) {
          return new BerthError('image-not-found', msg, { cause: e });
        }
        return new BerthError('not-found', msg, { cause: e });
      case 409:
        if (/is already in use/.test(lower)) return new BerthError('name-in-use', msg, { cause: e });
        if (/is not running|is paused|is not paused|is restarting|cannot (pause|unpause|kill)|is already paused|removal of container .* is already in progress/.test(lower)) {
          return new BerthError('wrong-state', msg, { cause: e });
        }
        return new BerthError('conflict', msg, { cause: e });
      default:
        if (/is not running|is paused|is not paused|cannot pause|cannot unpause/.test(lower)) {
          return new BerthError('wrong-state', msg, { cause: e });
        }
        return new BerthError('internal', msg, { cause: e });
    }
  }
  return new BerthError('internal', e instanceof Error ? e.message : String(e), { cause: e });
}

export function toErrorData(e: unknown): ErrorData {
  return toBerthError(e).toData();
}
