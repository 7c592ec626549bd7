import type { MenuBridge } from '../../shared/bridge';
import { MENU_LIMITS, MENU_PUBLISH_CHANNEL, MENU_RUN_CHANNEL } from '../../shared/menu';

/** The parts of ipcRenderer the menu bridge uses, apart from `electron` so it can be tested. */
export interface IpcRendererPort {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The page's side of the native menu: two fixed channels, nothing chosen by
 * the page. Main validates what is published; the page hears only ids.
 */
export function makeMenuBridge(ipc: IpcRendererPort): MenuBridge {
  return {
    publish(commands) {
      if (!Array.isArray(commands)) throw new Error('berth bridge: the menu takes a list of commands');
      ipc.send(MENU_PUBLISH_CHANNEL, commands);
    },
    onCommand(listener) {
      const handler = (_e: unknown, id: unknown) => {
        if (typeof id === 'string' && id.length <= MENU_LIMITS.id) listener(id);
      };
      ipc.on(MENU_RUN_CHANNEL, handler);
      return () => {
        ipc.removeListener(MENU_RUN_CHANNEL, handler);
      };
    },
  };
}
