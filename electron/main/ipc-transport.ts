import { IPC_CHANNEL } from '../../shared/bridge';
import type { ClientFrame, Envelope, ServerTransport } from '../../shared/rpc/frames';
import { Listeners } from '../../shared/rpc/listeners';

/**
 * The parts of Electron's ipcMain and WebContents this transport uses, named
 * structurally so the same code runs over Electron and over the in-process
 * stand-in the tests use (ipc-standin.testkit.ts) where no Electron binary
 * exists. Electron's own objects satisfy these shapes; main.ts passes them.
 */
export interface IpcMainEventLike {
  readonly sender: unknown;
  readonly senderFrame: { readonly url: string } | null;
}
export interface IpcMainPort {
  on(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcMainEventLike, ...args: unknown[]) => void): unknown;
}
export interface ContentsPort {
  readonly mainFrame: unknown;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/**
 * The RPC server's transport for one window. Accepts messages only from that
 * window's own main frame, loaded from our own origin: a subframe, another
 * window or a navigated page is ignored.
 */
export function ipcServerTransport(
  ipc: IpcMainPort,
  contents: ContentsPort,
  appOrigin: string,
): ServerTransport & { dispose(): void } {
  const messages = new Listeners<Envelope<ClientFrame>>();
  const closes = new Listeners<string>();
  const onMessage = (event: IpcMainEventLike, frame: unknown, bytes?: unknown) => {
    if (!fromOwnPage(event, contents, appOrigin)) return;
    const env = bytes instanceof Uint8Array ? { frame, bytes } : { frame };
    // Still untrusted: the RPC server parses the frame and its input with their schemas.
    messages.emit(env as Envelope<ClientFrame>);
  };
  ipc.on(IPC_CHANNEL, onMessage as (event: IpcMainEventLike, ...args: unknown[]) => void);
  let closed = false;
  const close = (reason: string) => {
    if (closed) return;
    closed = true;
    ipc.removeListener(IPC_CHANNEL, onMessage as (event: IpcMainEventLike, ...args: unknown[]) => void);
    closes.emit(reason);
  };
  contents.once('destroyed', () => close('window closed'));
  return {
    send(env) {
      if (!closed && !contents.isDestroyed()) contents.send(IPC_CHANNEL, env.frame, env.bytes);
    },
    onMessage: messages.add,
    onClose: closes.add,
    // No close(): a page cannot be told its IPC is gone, so the RPC server answers a page that broke
    // the protocol with the reason on every later call and open instead (see shared/rpc/server.ts).
    dispose: () => close('reloaded'),
  };
}

/**
 * True when a message comes from this window's own main frame, showing a page
 * of our own origin: not a subframe, not another window, not a page the
 * window was navigated to.
 */
export function fromOwnPage(event: IpcMainEventLike, contents: ContentsPort, appOrigin: string): boolean {
  if (event.sender !== contents) return false;
  const senderFrame = event.senderFrame;
  if (!senderFrame || senderFrame !== contents.mainFrame) return false;
  return originOf(senderFrame.url) === appOrigin;
}

/**
 * scheme://host[:port] of a URL. Not `URL.origin`: Node's URL (the main
 * process's) knows only the web's special schemes and answers "null" for our
 * own app scheme even though Electron registers it as standard, which made
 * every message from the app's own page look foreign.
 */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : undefined;
  } catch {
    return undefined;
  }
}
