import { describe, expect, it } from 'vitest';
import { MENU_PUBLISH_CHANNEL, MENU_RUN_CHANNEL, type MenuCommand } from '../../shared/menu';
import { makeMenuBridge, type IpcRendererPort } from './menu-bridge';

function fakeIpc() {
  const sent: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const port: IpcRendererPort = {
    send: (channel, ...args) => sent.push([channel, args]),
    on: (channel, l) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const fromMain = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l({}, ...args));
  return { port, sent, fromMain, listeners };
}

describe('makeMenuBridge', () => {
  const commands: MenuCommand[] = [{ id: 'view.containers', title: 'Go to Containers', group: 'Views', enabled: true }];

  it('publishes on the menu channel only', () => {
    const ipc = fakeIpc();
    makeMenuBridge(ipc.port).publish(commands);
    expect(ipc.sent).toEqual([[MENU_PUBLISH_CHANNEL, [commands]]]);
    expect(() => makeMenuBridge(ipc.port).publish('x' as unknown as MenuCommand[])).toThrow(/list/);
  });

  it('passes on ids from main, drops anything else, and stops when asked', () => {
    const ipc = fakeIpc();
    const heard: string[] = [];
    const off = makeMenuBridge(ipc.port).onCommand((id) => heard.push(id));
    ipc.fromMain(MENU_RUN_CHANNEL, 'help.shortcuts');
    ipc.fromMain(MENU_RUN_CHANNEL, { id: 'x' });
    ipc.fromMain(MENU_RUN_CHANNEL, 'x'.repeat(10_000));
    off();
    ipc.fromMain(MENU_RUN_CHANNEL, 'view.containers');
    expect(heard).toEqual(['help.shortcuts']);
    expect(ipc.listeners.get(MENU_RUN_CHANNEL)?.size).toBe(0);
  });
});
