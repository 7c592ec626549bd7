/**
 * The details pane's width: pure rules for the resize handle, so dragging,
 * the keyboard and a stored value all end up within the same bounds.
 */
export const PANE_KEY = 'berth.details.width';
/** Wide enough for the Files tab's name, size, modified and actions columns. */
export const DEFAULT_PANE_WIDTH = 480;
export const MIN_PANE_WIDTH = 320;
/** What the list beside the pane keeps, however wide the pane is dragged. */
export const MIN_LIST_WIDTH = 360;
export const KEY_STEP = 16;
export const KEY_STEP_LARGE = 80;

export const isPaneWidth = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 100_000;

/** The widest the pane may be in a window (or container) this wide; never below the minimum. */
export const maxPaneWidth = (available: number) => Math.max(MIN_PANE_WIDTH, Math.floor(available - MIN_LIST_WIDTH));

export const clampPaneWidth = (width: number, available: number) =>
  Math.round(Math.min(maxPaneWidth(available), Math.max(MIN_PANE_WIDTH, Number.isFinite(width) ? width : DEFAULT_PANE_WIDTH)));

/**
 * The width a key on the separator asks for, or undefined for keys it does not handle.
 * The handle sits on the pane's left edge: moving it left widens the pane.
 */
export function widthForKey(key: string, shift: boolean, width: number, available: number): number | undefined {
  const step = shift ? KEY_STEP_LARGE : KEY_STEP;
  switch (key) {
    case 'ArrowLeft':
      return clampPaneWidth(width + step, available);
    case 'ArrowRight':
      return clampPaneWidth(width - step, available);
    case 'Home':
      return MIN_PANE_WIDTH;
    case 'End':
      return maxPaneWidth(available);
    default:
      return undefined;
  }
}

/** The width while dragging: the pane's right edge stays put, its left edge follows the pointer. */
export const widthForDrag = (startWidth: number, startX: number, x: number, available: number) => clampPaneWidth(startWidth + (startX - x), available);
