import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, MIN_SIZE, placeWindow, type DisplayLike, type SavedWindow } from './place';

const laptop: DisplayLike = { workArea: { x: 0, y: 25, width: 1440, height: 875 }, scaleFactor: 2 };
const monitorRight: DisplayLike = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 }, scaleFactor: 1 };
const monitorLeft: DisplayLike = { workArea: { x: -1920, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 };
const saved = (x: number, y: number, width: number, height: number, flags: Partial<SavedWindow> = {}): SavedWindow => ({
  bounds: { x, y, width, height },
  maximized: false,
  fullscreen: false,
  ...flags,
});

describe('placeWindow', () => {
  it('opens at 1400×860 centred on the primary display when nothing was saved', () => {
    const big: DisplayLike = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
    expect(placeWindow(undefined, [big])).toEqual({ bounds: { x: 260, y: 90, width: 1400, height: 860 }, maximized: false, fullscreen: false });
  });

  it('centres the default in the work area and shrinks it to a small primary display', () => {
    expect(placeWindow(undefined, [laptop]).bounds).toEqual({ x: 20, y: 33, width: 1400, height: 860 });
    const tiny: DisplayLike = { workArea: { x: 0, y: 0, width: 1280, height: 680 } };
    expect(placeWindow(undefined, [tiny]).bounds).toEqual({ x: 0, y: 0, width: 1280, height: 680 });
  });

  it('leaves placement to the system when there is no display at all', () => {
    expect(placeWindow(saved(10, 10, 900, 700), [])).toEqual({ bounds: { ...DEFAULT_SIZE }, maximized: false, fullscreen: false });
  });

  it('puts a window back exactly where it was when it is still on screen', () => {
    expect(placeWindow(saved(1600, 100, 1200, 900), [laptop, monitorRight]).bounds).toEqual({ x: 1600, y: 100, width: 1200, height: 900 });
    expect(placeWindow(saved(-1800, 50, 1000, 700), [laptop, monitorLeft]).bounds).toEqual({ x: -1800, y: 50, width: 1000, height: 700 });
  });

  it('opens at the defaults when the monitor it was on has been unplugged', () => {
    const p = placeWindow(saved(1600, 100, 1200, 900, { maximized: true }), [laptop]);
    expect(p.bounds).toEqual({ x: 20, y: 33, width: 1400, height: 860 });
    // Maximized stays: it now fills the display the window opened on.
    expect(p.maximized).toBe(true);
  });

  it('opens at the defaults when the window lies off every screen', () => {
    for (const off of [saved(5000, 5000, 800, 600), saved(-3000, 0, 800, 600), saved(100, -2000, 800, 600)]) {
      expect(placeWindow(off, [laptop, monitorRight]).bounds, JSON.stringify(off)).toEqual({ x: 20, y: 33, width: 1400, height: 860 });
    }
  });

  it('opens at the defaults when only a sliver too thin to grab is still visible', () => {
    // 30 px of its width are on the laptop, whose right edge is at x = 1440.
    expect(placeWindow(saved(1410, 100, 800, 600), [laptop]).bounds).toEqual({ x: 20, y: 33, width: 1400, height: 860 });
  });

  it('moves a window that hangs partly off its display wholly onto it', () => {
    expect(placeWindow(saved(1000, 500, 800, 600), [laptop]).bounds).toEqual({ x: 640, y: 300, width: 800, height: 600 });
    expect(placeWindow(saved(-200, 0, 800, 600), [laptop]).bounds).toEqual({ x: 0, y: 25, width: 800, height: 600 });
  });

  it('chooses the display the window overlaps most when it spans two', () => {
    const p = placeWindow(saved(1240, 100, 1000, 700), [laptop, monitorRight]);
    expect(p.bounds).toEqual({ x: 1440, y: 100, width: 1000, height: 700 });
  });

  it('clamps a tiny window up to the minimum size', () => {
    expect(placeWindow(saved(100, 100, 200, 100), [monitorRight, laptop]).bounds).toEqual({ x: 100, y: 100, width: MIN_SIZE.width, height: MIN_SIZE.height });
  });

  it('shrinks a window larger than its display to the work area', () => {
    expect(placeWindow(saved(0, 25, 3000, 2000), [laptop]).bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });

  it('lets the minimum give way on a display smaller than it', () => {
    const small: DisplayLike = { workArea: { x: 0, y: 0, width: 640, height: 400 } };
    expect(placeWindow(saved(0, 0, 300, 200), [small]).bounds).toEqual({ x: 0, y: 0, width: 640, height: 400 });
  });

  it('does not depend on the displays’ scale factors: bounds are device-independent pixels', () => {
    const s = saved(1600, 100, 1200, 900);
    const at = (f1: number, f2: number) =>
      placeWindow(s, [
        { ...laptop, scaleFactor: f1 },
        { ...monitorRight, scaleFactor: f2 },
      ]);
    expect(at(1, 1)).toEqual(at(2, 1.5));
  });

  it('keeps full screen and rounds fractional bounds', () => {
    const p = placeWindow(saved(100.4, 100.6, 900.5, 700.2, { fullscreen: true }), [monitorRight, laptop]);
    expect(p.fullscreen).toBe(true);
    expect(Object.values(p.bounds).every(Number.isInteger)).toBe(true);
  });
});
