import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL, type BerthBridge } from '../../shared/bridge';
import { contractNames } from '../../shared/contract';
import { makeFrameGuard } from './frame-guard';
import { makeMenuBridge } from './menu-bridge';

/**
 * The narrow bridge: the page can send
 * RPC frames on one channel and receive frames back; nothing else of
 * ipcRenderer is reachable, and frames naming a call or channel the contract
 * does not declare are refused here, before they reach the main process. The
 * native menu has its own two fixed channels (menu-bridge.ts).
 */
const checkFrame = makeFrameGuard(contractNames);

const bridge: BerthBridge = {
  host: 'electron',
  platform: process.platform,
  send(frame, bytes) {
    checkFrame(frame, bytes);
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
  menu: makeMenuBridge(ipcRenderer),
};

contextBridge.exposeInMainWorld('berth', bridge);
