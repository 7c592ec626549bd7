import type { Rect, SavedWindow } from './place';
import type { WindowStateSaver } from './state-file';

/** The parts of a BrowserWindow the tracker uses (Electron's own satisfies it; tests pass a stand-in). */
export interface WindowPort {
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'move', listener: () => void): unknown;
  on(event: 'maximize', listener: () => void): unknown;
  on(event: 'unmaximize', listener: () => void): unknown;
  on(event: 'enter-full-screen', listener: () => void): unknown;
  on(event: 'leave-full-screen', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isMinimized(): boolean;
}

/**
 * Saves the window's state as it changes and when it closes. The bounds saved
 * are the normal ones, so a window closed maximized comes back maximized and,
 * once restored, at the size it had before. A minimized window saves nothing:
 * some window managers report it at a position off every screen.
 */
export function trackWindowState(win: WindowPort, saver: WindowStateSaver): void {
  const snapshot = (): SavedWindow => ({ bounds: win.getNormalBounds(), maximized: win.isMaximized(), fullscreen: win.isFullScreen() });
  const changed = () => {
    if (!win.isMinimized()) saver.save(snapshot());
  };
  win.on('resize', changed);
  win.on('move', changed);
  win.on('maximize', changed);
  win.on('unmaximize', changed);
  win.on('enter-full-screen', changed);
  win.on('leave-full-screen', changed);
  win.on('close', () => {
    changed();
    saver.flush();
  });
}
