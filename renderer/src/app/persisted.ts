import { useCallback, useState } from 'react';

/** Where a value lives: per tab (survives reloads) or per browser profile (survives restarts). */
export type Scope = 'session' | 'local';

const storage = (scope: Scope): Storage | undefined => {
  try {
    return scope === 'session' ? sessionStorage : localStorage;
  } catch {
    return undefined;
  }
};

/**
 * Reads a stored value, or the fallback when it is missing, unreadable or no
 * longer of the expected shape (an older version's, or edited by hand): what
 * comes from storage is checked like anything else that crosses a boundary.
 */
export function readStored<T>(store: Pick<Storage, 'getItem'> | undefined, key: string, guard: (v: unknown) => v is T, fallback: T): T {
  try {
    const raw = store?.getItem(key);
    if (raw == null) return fallback;
    const v: unknown = JSON.parse(raw);
    return guard(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

export function writeStored(store: Pick<Storage, 'setItem'> | undefined, key: string, value: unknown): void {
  try {
    store?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or refused storage: the value still holds for this page's life.
  }
}

/** Like useState, remembered under `key` so it outlives the component (view switches) and reloads. */
export function usePersistentState<T>(key: string, scope: Scope, guard: (v: unknown) => v is T, fallback: T) {
  const [value, setValue] = useState<T>(() => readStored(storage(scope), key, guard, fallback));
  const set = useCallback(
    (next: T | ((prev: T) => T)) =>
      setValue((prev) => {
        const v = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
        writeStored(storage(scope), key, v);
        return v;
      }),
    [key, scope],
  );
  return [value, set] as const;
}
