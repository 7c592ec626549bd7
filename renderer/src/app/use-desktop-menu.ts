import { useEffect } from 'react';
import { palette } from '../components/palette/Palette';
import { containersStore } from '../features/containers/store';
import { appCommands } from './app-commands';
import type { Command } from './commands';
import { connectDesktopMenu } from './desktop-menu';
import { nav } from './navigation';
import { shortcut } from './shortcuts';

/**
 * The palette's commands plus the palette itself, which the palette does not
 * list (choosing it there would only close and reopen it).
 */
function menuCommands(): Command[] {
  const keys = shortcut('palette').keys;
  return [...appCommands(), { id: 'app.palette', title: 'Command palette', group: 'Views', shortcut: keys, run: () => palette.open() }];
}

/** Under Electron, keeps the native menu in step with the commands; in a browser, nothing. */
export function useDesktopMenu(): void {
  useEffect(() => connectDesktopMenu(window.berth?.menu, { commands: menuCommands, subscribe: [nav.subscribe, containersStore.subscribe] }), []);
}
