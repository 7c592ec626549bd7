/**
 * Row selection as the file managers do it, over the rows in the order shown
 * (filtered and sorted): a plain click selects one row, Ctrl/Cmd-click
 * toggles one, Shift-click selects the range from the anchor (the last row
 * clicked without Shift), Ctrl/Cmd+Shift-click adds that range.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  /** Where a Shift-click range starts. */
  anchor: string | null;
}

export interface ClickModifiers {
  shift: boolean;
  /** Ctrl on Linux and Windows, Cmd on macOS. */
  toggle: boolean;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export function clickSelect(sel: Selection, order: readonly string[], id: string, mods: ClickModifiers): Selection {
  if (mods.shift) {
    const from = sel.anchor === null ? -1 : order.indexOf(sel.anchor);
    const to = order.indexOf(id);
    if (to < 0) return sel;
    // Without an anchor still shown, the range starts at the clicked row.
    const start = from < 0 ? to : Math.min(from, to);
    const end = from < 0 ? to : Math.max(from, to);
    const range = order.slice(start, end + 1);
    const ids = new Set(mods.toggle ? sel.ids : []);
    for (const r of range) ids.add(r);
    return { ids, anchor: from < 0 ? id : sel.anchor };
  }
  if (mods.toggle) return toggleOne(sel, id);
  return { ids: new Set([id]), anchor: id };
}

export function toggleOne(sel: Selection, id: string): Selection {
  const ids = new Set(sel.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/** Ctrl/Cmd+A and the header checkbox: every row shown, and only those. */
export function selectAll(order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null };
}

/** The selection restricted to rows that still exist and are shown. */
export function visibleSelection(sel: Selection, order: readonly string[]): string[] {
  return order.filter((id) => sel.ids.has(id));
}

/** Arrow keys, Home, End, PageUp and PageDown: the index to move to, kept inside the list. */
export function moveIndex(current: number, count: number, key: string, page: number): number | null {
  if (count === 0) return null;
  const at = current < 0 ? -1 : Math.min(current, count - 1);
  const next = (() => {
    switch (key) {
      case 'ArrowDown':
        return at + 1;
      case 'ArrowUp':
        return at < 0 ? 0 : at - 1;
      case 'Home':
        return 0;
      case 'End':
        return count - 1;
      case 'PageDown':
        return at + page;
      case 'PageUp':
        return at - page;
      default:
        return null;
    }
  })();
  return next === null ? null : Math.max(0, Math.min(count - 1, next));
}
