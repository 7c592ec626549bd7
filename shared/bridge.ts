import type { MenuCommand } from './menu';

/**
 * What the Electron preload exposes as `window.berth`: a narrow, allow-listed
 * bridge: send a frame, receive frames. No ipcRenderer, no channel names chosen by the page.
 */
export interface BerthBridge {
  readonly host: 'electron';
  readonly platform: string;
  send(frame: unknown, bytes?: Uint8Array): void;
  onMessage(listener: (frame: unknown, bytes?: Uint8Array) => void): () => void;
  /** Starts a native drag of a file the services prepared (desktop only). */
  startDrag?(token: string): void;
  /** The local path of a dropped File, when the OS gives one (desktop only fast path). */
  pathForFile?(file: unknown): string;
  /** The native application menu (desktop only; the web host has none). */
  menu?: MenuBridge;
}

/** The page's side of the native menu: publish the command list, hear which item was chosen. */
export interface MenuBridge {
  publish(commands: MenuCommand[]): void;
  onCommand(listener: (id: string) => void): () => void;
}

/** The single IPC channel the RPC runs on. */
export const IPC_CHANNEL = 'berth:rpc';
