/**
 * Where the window opens. Every figure is in device-independent pixels, as
 * Electron's screen API and window bounds report them on every platform, so a
 * window saved on a 200% display and restored on a 100% one keeps its size as
 * the user sees it; nothing here multiplies by a scale factor.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  /** The display's area without the task bar, dock or menu bar. */
  workArea: Rect;
  scaleFactor?: number;
}

export interface SavedWindow {
  /** The window's normal (not maximized, not full screen) bounds. */
  bounds: Rect;
  maximized: boolean;
  fullscreen: boolean;
}

export interface Placement {
  /** No x/y: let the system centre it (there was no display to centre on). */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
  fullscreen: boolean;
}

export const DEFAULT_SIZE = { width: 1400, height: 860 } as const;
/** The smallest window the layout is made for (the containers table with the details pane beside it). */
export const MIN_SIZE = { width: 720, height: 480 } as const;
/**
 * How much of a saved window must still lie on a display for it to be put
 * back there: enough of its top to grab the title bar and drag it. A window
 * less visible than this (its monitor unplugged, the resolution lowered) opens
 * at the defaults instead.
 */
export const MIN_VISIBLE = { width: 120, height: 40 } as const;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** A size no smaller than the minimum and no larger than the work area (the minimum gives way on a tiny display). */
function fit(width: number, height: number, area: Rect): { width: number; height: number } {
  return {
    width: Math.round(clamp(width, Math.min(MIN_SIZE.width, area.width), area.width)),
    height: Math.round(clamp(height, Math.min(MIN_SIZE.height, area.height), area.height)),
  };
}

function centred(area: Rect, size: { width: number; height: number }): Rect {
  return { x: Math.round(area.x + (area.width - size.width) / 2), y: Math.round(area.y + (area.height - size.height) / 2), ...size };
}

/**
 * The saved window, put back on the display it overlaps most if enough of it
 * is still visible there, resized to fit that display and moved wholly onto
 * it; otherwise the default size centred on the primary display (the first of
 * `displays`). Maximized and full screen are kept either way: they follow the
 * display the window lands on.
 */
export function placeWindow(saved: SavedWindow | undefined, displays: readonly DisplayLike[]): Placement {
  const flags = { maximized: saved?.maximized ?? false, fullscreen: saved?.fullscreen ?? false };
  const primary = displays[0];
  if (!primary) return { bounds: { ...DEFAULT_SIZE }, ...flags };
  const defaults = () => ({ bounds: centred(primary.workArea, fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height, primary.workArea)), ...flags });
  if (!saved) return defaults();
  const b = saved.bounds;
  let best: { area: Rect; shown: number } | undefined;
  for (const d of displays) {
    const o = overlap(b, d.workArea);
    const visible = o.width >= Math.min(MIN_VISIBLE.width, b.width) && o.height >= Math.min(MIN_VISIBLE.height, b.height);
    if (visible && (!best || o.width * o.height > best.shown)) best = { area: d.workArea, shown: o.width * o.height };
  }
  if (!best) return defaults();
  const size = fit(b.width, b.height, best.area);
  const x = Math.round(clamp(b.x, best.area.x, best.area.x + best.area.width - size.width));
  const y = Math.round(clamp(b.y, best.area.y, best.area.y + best.area.height - size.height));
  return { bounds: { x, y, ...size }, ...flags };
}
