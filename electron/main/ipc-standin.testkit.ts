import { contractNames } from '../../shared/contract';
import { IPC_CHANNEL } from '../../shared/bridge';
import type { ClientTransport, Envelope, ServerFrame } from '../../shared/rpc/frames';
import { Listeners } from '../../shared/rpc/listeners';
import { makeFrameGuard } from '../preload/frame-guard';
import type { ContentsPort, IpcMainEventLike, IpcMainPort } from './ipc-transport';

/**
 * An in-process stand-in for Electron's IPC, for machines without an Electron
 * binary. It keeps the semantics the transports depend on:
 * - every message is copied with the structured clone algorithm, as Electron
 *   serialises IPC arguments: a Buffer arrives as a plain Uint8Array, and a
 *   function (or anything else that cannot be cloned) makes `send` throw;
 * - the main side sees a sender (the WebContents) and a sender frame with its
 *   URL, so ipc-transport.ts's sender check runs for real;
 * - delivery is asynchronous.
 * The page side mirrors the preload (its frame guard, the one channel) and
 * renderer/src/api/transport-ipc.ts.
 */

type MainListener = (event: IpcMainEventLike, ...args: unknown[]) => void;

export class StandinIpcMain implements IpcMainPort {
  private readonly listeners = new Map<string, Set<MainListener>>();

  on(channel: string, listener: MainListener): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  }

  removeListener(channel: string, listener: MainListener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  /** What Electron does when a renderer calls ipcRenderer.send. */
  deliver(event: IpcMainEventLike, channel: string, args: unknown[]): void {
    const copy = structuredClone(args);
    setImmediate(() => this.listeners.get(channel)?.forEach((l) => l(event, ...copy)));
  }
}

export interface StandinFrame {
  url: string;
}

export class StandinContents implements ContentsPort {
  readonly mainFrame: StandinFrame;
  private destroyed = false;
  private readonly destroyedListeners = new Listeners<void>();
  /** The page's ipcRenderer.on listeners. */
  readonly pageListeners = new Listeners<unknown[]>();

  constructor(url: string) {
    this.mainFrame = { url };
  }

  /** The page's listeners on channels other than the RPC's (e.g. the menu's). */
  private readonly channelListeners = new Map<string, Listeners<unknown[]>>();

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copy = structuredClone(args);
    const listeners = channel === IPC_CHANNEL ? this.pageListeners : this.channelListeners.get(channel);
    if (listeners) setImmediate(() => !this.destroyed && listeners.emit(copy));
  }

  /** What the page's ipcRenderer.on(channel) would hear. */
  onPage(channel: string, listener: (args: unknown[]) => void): () => void {
    let set = this.channelListeners.get(channel);
    if (!set) this.channelListeners.set(channel, (set = new Listeners<unknown[]>()));
    return set.add(listener);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  once(_event: 'destroyed', listener: () => void): this {
    this.destroyedListeners.add(listener);
    return this;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.destroyedListeners.emit();
  }
}

/**
 * The page's side: the preload's guarded `send` into ipcMain (as the window's
 * main frame, or as another frame to test the sender check) and a client
 * transport over it.
 */
export function standinPage(
  ipc: StandinIpcMain,
  contents: StandinContents,
  opts: { frame?: StandinFrame; sender?: unknown; guard?: boolean } = {},
): ClientTransport {
  const check = makeFrameGuard(contractNames);
  const guard = opts.guard === false ? () => {} : check;
  const event: IpcMainEventLike = { sender: opts.sender ?? contents, senderFrame: opts.frame ?? contents.mainFrame };
  const closes = new Listeners<string>();
  contents.once('destroyed', () => closes.emit('window closed'));
  return {
    send(env) {
      guard(env.frame, env.bytes);
      ipc.deliver(event, IPC_CHANNEL, env.bytes ? [env.frame, env.bytes] : [env.frame]);
    },
    onMessage(listener) {
      return contents.pageListeners.add((args) => {
        const [frame, bytes] = args as [unknown, Uint8Array | undefined];
        listener((bytes ? { frame, bytes } : { frame }) as Envelope<ServerFrame>);
      });
    },
    onClose: closes.add,
  };
}

/** A page's guard-free sender, for playing a page that skips the preload's checks (a compromised renderer). */
export function rawPageSend(ipc: StandinIpcMain, contents: StandinContents, ...args: unknown[]): void {
  ipc.deliver({ sender: contents, senderFrame: contents.mainFrame }, IPC_CHANNEL, args);
}
