import { z } from 'zod';

/**
 * Which columns a table shows, in what order and how wide, remembered per
 * table in the page's storage. What comes back from storage is checked like
 * any input: unknown columns are dropped, new ones appear where the table
 * declares them, widths stay within their bounds, and anything unreadable
 * falls back to the defaults rather than breaking the table.
 */
export interface ColumnSpec {
  id: string;
  /** Default width in px. */
  size: number;
  minSize?: number;
  maxSize?: number;
  /** Hidden until the user shows it. */
  defaultHidden?: boolean;
  /** Always shown (e.g. the name that identifies a row). */
  required?: boolean;
  /** Left out while the table is narrower than its columns (see fitColumns). */
  optional?: boolean;
}

export interface ColumnState {
  order: string[];
  hidden: string[];
  sizes: Record<string, number>;
}

export const DEFAULT_MIN_SIZE = 48;
export const DEFAULT_MAX_SIZE = 800;

const stored = z.object({
  v: z.literal(1),
  order: z.array(z.string().max(100)).max(200),
  hidden: z.array(z.string().max(100)).max(200),
  sizes: z.record(z.string().max(100), z.number().finite()),
});

export function defaultColumnState(specs: readonly ColumnSpec[]): ColumnState {
  return {
    order: specs.map((s) => s.id),
    hidden: specs.filter((s) => s.defaultHidden && !s.required).map((s) => s.id),
    sizes: Object.fromEntries(specs.map((s) => [s.id, s.size])),
  };
}

export function clampSize(spec: ColumnSpec, size: number): number {
  return Math.round(Math.max(spec.minSize ?? DEFAULT_MIN_SIZE, Math.min(spec.maxSize ?? DEFAULT_MAX_SIZE, size)));
}

/** Makes any state (stored, or edited) consistent with the columns the table has now. */
export function normalizeColumnState(state: ColumnState, specs: readonly ColumnSpec[]): ColumnState {
  const byId = new Map(specs.map((s) => [s.id, s]));
  const order = [...new Set(state.order.filter((id) => byId.has(id)))];
  // A column the stored order does not know goes after its predecessor in the declared order.
  specs.forEach((s, i) => {
    if (order.includes(s.id)) return;
    const before = specs.slice(0, i).reverse().find((p) => order.includes(p.id));
    order.splice(before ? order.indexOf(before.id) + 1 : 0, 0, s.id);
  });
  const hidden = [...new Set(state.hidden)].filter((id) => byId.has(id) && !byId.get(id)!.required);
  const sizes: Record<string, number> = {};
  for (const s of specs) {
    const want = state.sizes[s.id];
    sizes[s.id] = typeof want === 'number' && Number.isFinite(want) ? clampSize(s, want) : s.size;
  }
  return { order, hidden, sizes };
}

export function parseColumnState(raw: string | null, specs: readonly ColumnSpec[]): ColumnState {
  if (raw === null) return defaultColumnState(specs);
  try {
    const parsed = stored.safeParse(JSON.parse(raw));
    if (!parsed.success) return defaultColumnState(specs);
    // Columns added since the state was saved keep their default visibility.
    const known = new Set(parsed.data.order);
    const hidden = [...parsed.data.hidden, ...specs.filter((s) => s.defaultHidden && !known.has(s.id)).map((s) => s.id)];
    return normalizeColumnState({ ...parsed.data, hidden }, specs);
  } catch {
    return defaultColumnState(specs);
  }
}

export function serializeColumnState(state: ColumnState): string {
  return JSON.stringify({ v: 1, ...state });
}

/** Moves a column one place earlier (-1) or later (+1) among the reorderable ones. */
export function moveColumn(state: ColumnState, id: string, delta: -1 | 1, fixed: ReadonlySet<string> = new Set()): ColumnState {
  const order = [...state.order];
  const at = order.indexOf(id);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= order.length || fixed.has(id) || fixed.has(order[to]!)) return state;
  [order[at], order[to]] = [order[to]!, order[at]!];
  return { ...state, order };
}

export function setHidden(state: ColumnState, id: string, hidden: boolean): ColumnState {
  const set = new Set(state.hidden);
  if (hidden) set.add(id);
  else set.delete(id);
  return { ...state, hidden: [...set] };
}

/** Storage can be absent, full or refused (private windows): remembering is best effort. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadColumnState(store: KeyValueStore | undefined, key: string, specs: readonly ColumnSpec[]): ColumnState {
  try {
    return parseColumnState(store?.getItem(key) ?? null, specs);
  } catch {
    return defaultColumnState(specs);
  }
}

export function saveColumnState(store: KeyValueStore | undefined, key: string, state: ColumnState): void {
  try {
    store?.setItem(key, serializeColumnState(state));
  } catch {
    // Not remembered this time; the table still works.
  }
}

/**
 * The shown columns that fit in `room` px: optional ones make way, the
 * rightmost first, until the rest fit. Room 0 or less means not measured yet,
 * and every column is kept.
 */
export function fitColumns<C extends { spec: Pick<ColumnSpec, 'optional'>; size: number }>(columns: readonly C[], room: number): C[] {
  const list = [...columns];
  if (room <= 0) return list;
  let total = list.reduce((n, c) => n + c.size, 0);
  for (let i = list.length - 1; i >= 0 && total > room; i--) {
    if (!list[i]!.spec.optional) continue;
    total -= list[i]!.size;
    list.splice(i, 1);
  }
  return list;
}
