import type { IpcMainEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import { IPC_CHANNEL } from '../../shared/bridge';
import type { ClientFrame, Envelope, ServerTransport } from '../../shared/rpc/frames';
import { Listeners } from '../../shared/rpc/listeners';

/**
 * The RPC server's transport for one window. Accepts messages only from that
 * window's own main frame, loaded from our own origin (VS Code's validated
 * ipcMain pattern): a subframe, another window or a navigated page is ignored.
 */
export function ipcServerTransport(contents: WebContents, appOrigin: string): ServerTransport & { dispose(): void } {
  const messages = new Listeners<Envelope<ClientFrame>>();
  const closes = new Listeners<string>();
  const onMessage = (event: IpcMainEvent, frame: unknown, bytes?: unknown) => {
    if (event.sender !== contents) return;
    const senderFrame = event.senderFrame;
    if (!senderFrame || senderFrame !== contents.mainFrame) return;
    let origin: string;
    try {
      origin = new URL(senderFrame.url).origin;
    } catch {
      return;
    }
    if (origin !== appOrigin) return;
    const env = bytes instanceof Uint8Array ? { frame, bytes } : { frame };
    // Still untrusted: the RPC server parses the frame and its input with their schemas.
    messages.emit(env as Envelope<ClientFrame>);
  };
  ipcMain.on(IPC_CHANNEL, onMessage);
  let closed = false;
  const close = (reason: string) => {
    if (closed) return;
    closed = true;
    ipcMain.removeListener(IPC_CHANNEL, onMessage);
    closes.emit(reason);
  };
  contents.once('destroyed', () => close('window closed'));
  return {
    send(env) {
      if (!closed && !contents.isDestroyed()) contents.send(IPC_CHANNEL, env.frame, env.bytes);
    },
    onMessage: messages.add,
    onClose: closes.add,
    dispose: () => close('reloaded'),
  };
}
