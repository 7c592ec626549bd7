/**
 * Natural order for names people type: "walk-2" before "walk-19", case and
 * accents ignored, so a list reads the way its author numbered it.
 */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** A sortable cell value: text sorts naturally, numbers numerically; an absent value sorts after every present one. */
export type SortValue = string | number | null | undefined;

export function compareValues(a: SortValue, b: SortValue): number {
  const aNone = a === null || a === undefined || a === '';
  const bNone = b === null || b === undefined || b === '';
  if (aNone || bNone) return aNone === bNone ? 0 : aNone ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  return naturalCompare(String(a), String(b));
}
