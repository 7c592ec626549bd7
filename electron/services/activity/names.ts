import type { Engine } from '../engine/engine';
import type { NameOf } from './log';

/** Why 2 s: a name is a nicety on a log line; an engine that slow must not hold the action's record back long. */
const INSPECT_DEADLINE_MS = 2000;

/**
 * Container names for activity lines: from the container store's rows when
 * it has them (no engine call), else one inspect. Only references that look
 * like a container's (an id or a name) are looked up.
 */
export function containerNames(engine: Pick<Engine, 'port'>, known?: (ref: string) => { name: string } | undefined): NameOf {
  return async (ref) => {
    if (!/^\/?[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(ref)) return undefined;
    const row = known?.(ref);
    if (row) return row.name;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), INSPECT_DEADLINE_MS);
    try {
      const info = await engine.port.inspectContainer(ref, abort.signal);
      return info.Name.replace(/^\//, '');
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
}
