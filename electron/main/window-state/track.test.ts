import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Rect, SavedWindow } from './place';
import type { WindowStateSaver } from './state-file';
import { trackWindowState, type WindowPort } from './track';

class FakeWindow extends EventEmitter implements WindowPort {
  normal: Rect = { x: 10, y: 20, width: 1000, height: 700 };
  maximized = false;
  fullscreen = false;
  minimized = false;
  getNormalBounds = () => ({ ...this.normal });
  isMaximized = () => this.maximized;
  isFullScreen = () => this.fullscreen;
  isMinimized = () => this.minimized;
}

function fakeSaver() {
  const saved: SavedWindow[] = [];
  let flushes = 0;
  const saver: WindowStateSaver = {
    save: (s) => saved.push(s),
    flush: () => {
      flushes++;
    },
  };
  return { saver, saved, flushes: () => flushes };
}

describe('trackWindowState', () => {
  it('saves the normal bounds and the flags on every move, resize and state change', () => {
    const win = new FakeWindow();
    const s = fakeSaver();
    trackWindowState(win, s.saver);
    win.normal = { x: 50, y: 60, width: 1100, height: 720 };
    win.emit('move');
    win.emit('resize');
    win.maximized = true;
    win.emit('maximize');
    expect(s.saved).toEqual([
      { bounds: { x: 50, y: 60, width: 1100, height: 720 }, maximized: false, fullscreen: false },
      { bounds: { x: 50, y: 60, width: 1100, height: 720 }, maximized: false, fullscreen: false },
      { bounds: { x: 50, y: 60, width: 1100, height: 720 }, maximized: true, fullscreen: false },
    ]);
    win.fullscreen = true;
    win.emit('enter-full-screen');
    expect(s.saved.at(-1)).toMatchObject({ fullscreen: true, bounds: { x: 50 } });
  });

  it('saves nothing while minimized', () => {
    const win = new FakeWindow();
    const s = fakeSaver();
    trackWindowState(win, s.saver);
    win.minimized = true;
    win.normal = { x: -32000, y: -32000, width: 160, height: 28 };
    win.emit('move');
    win.emit('resize');
    expect(s.saved).toEqual([]);
  });

  it('saves and writes at once when the window closes', () => {
    const win = new FakeWindow();
    const s = fakeSaver();
    trackWindowState(win, s.saver);
    win.emit('close');
    expect(s.saved).toHaveLength(1);
    expect(s.flushes()).toBe(1);
  });
});
