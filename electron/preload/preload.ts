import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL, type BerthBridge } from '../../shared/bridge';
import { contractNames } from '../../shared/contract';

/**
 * The narrow bridge (VS Code's sandboxed-preload pattern): the page can send
 * RPC frames on one channel and receive frames back; nothing else of
 * ipcRenderer is reachable, and frames naming a call or channel the contract
 * does not declare are refused here, before they reach the main process.
 */
const allowed = new Set(contractNames);
const FRAME_TYPES = new Set(['call', 'open', 'cancel', 'push', 'ack']);

function checkFrame(frame: unknown): void {
  if (!frame || typeof frame !== 'object') throw new Error('berth bridge: a frame must be an object');
  const f = frame as { t?: unknown; method?: unknown; channel?: unknown };
  if (typeof f.t !== 'string' || !FRAME_TYPES.has(f.t)) throw new Error('berth bridge: unknown frame type');
  if (f.t === 'call' && (typeof f.method !== 'string' || !allowed.has(f.method))) throw new Error(`berth bridge: undeclared method ${String(f.method)}`);
  if (f.t === 'open' && (typeof f.channel !== 'string' || !allowed.has(f.channel))) throw new Error(`berth bridge: undeclared channel ${String(f.channel)}`);
}

const bridge: BerthBridge = {
  host: 'electron',
  platform: process.platform,
  send(frame, bytes) {
    checkFrame(frame);
    if (bytes !== undefined && !(bytes instanceof Uint8Array)) throw new Error('berth bridge: bytes must be a Uint8Array');
    ipcRenderer.send(IPC_CHANNEL, frame, bytes);
  },
  onMessage(listener) {
    const handler = (_e: IpcRendererEvent, frame: unknown, bytes?: Uint8Array) => listener(frame, bytes);
    ipcRenderer.on(IPC_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNEL, handler);
    };
  },
  pathForFile(file) {
    return file instanceof File ? webUtils.getPathForFile(file) : '';
  },
};

contextBridge.exposeInMainWorld('berth', bridge);
