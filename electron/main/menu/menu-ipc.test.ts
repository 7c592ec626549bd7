import { describe, expect, it } from 'vitest';
import { MENU_LIMITS, MENU_PUBLISH_CHANNEL, MENU_RUN_CHANNEL, type MenuCommand } from '../../../shared/menu';
import { makeMenuBridge, type IpcRendererPort } from '../../preload/menu-bridge';
import { StandinContents, StandinIpcMain } from '../ipc-standin.testkit';
import type { IpcMainEventLike } from '../ipc-transport';
import { serveAppMenu } from './menu-ipc';
import type { MenuItemTemplate } from './template';

const ORIGIN = 'berth://app';
const tick = () => new Promise((r) => setTimeout(r, 20));
const COMMANDS: MenuCommand[] = [
  { id: 'view.containers', title: 'Go to Containers', group: 'Views', enabled: true },
  { id: 'selected.stop', title: 'Stop web', group: 'Selected container', enabled: true },
];

function setup(url = `${ORIGIN}/index.html`) {
  const ipc = new StandinIpcMain();
  const contents = new StandinContents(url);
  const menus: MenuItemTemplate[][] = [];
  const logs: string[] = [];
  const served = serveAppMenu(ipc, contents, ORIGIN, { appName: 'Berth', platform: 'linux', packaged: true, setMenu: (t) => menus.push(t), log: (m) => logs.push(m) });
  const own: IpcMainEventLike = { sender: contents, senderFrame: contents.mainFrame };
  const publish = (payload: unknown, event: IpcMainEventLike = own) => ipc.deliver(event, MENU_PUBLISH_CHANNEL, [payload]);
  const containerMenu = () => menus.at(-1)!.find((m) => m.label === 'Container')!.submenu!;
  return { ipc, contents, menus, logs, served, publish, containerMenu };
}

describe('serveAppMenu', () => {
  it('shows the conventional menus before the page publishes anything', () => {
    const { menus } = setup();
    expect(menus).toHaveLength(1);
    expect(menus[0]!.map((m) => m.label)).toContain('Edit');
  });

  it('rebuilds the menu from the page’s list and sends a chosen item’s id back to that page', async () => {
    const { contents, publish, menus, containerMenu } = setup();
    const heard: unknown[][] = [];
    contents.onPage(MENU_RUN_CHANNEL, (args) => heard.push(args));
    publish(COMMANDS);
    await tick();
    expect(menus).toHaveLength(2);
    expect(containerMenu().map((i) => i.label)).toEqual(['Stop web']);
    containerMenu()[0]!.click!();
    await tick();
    expect(heard).toEqual([['selected.stop']]);
  });

  it('does not rebuild for a list equal to the last one', async () => {
    const { publish, menus } = setup();
    publish(COMMANDS);
    publish(structuredClone(COMMANDS));
    await tick();
    expect(menus).toHaveLength(2);
    publish(COMMANDS.slice(0, 1));
    await tick();
    expect(menus).toHaveLength(3);
  });

  it('refuses a list from another window, a subframe or a page of another origin', async () => {
    const { publish, menus, contents, logs } = setup();
    publish(COMMANDS, { sender: new StandinContents(`${ORIGIN}/index.html`), senderFrame: contents.mainFrame });
    publish(COMMANDS, { sender: contents, senderFrame: { url: `${ORIGIN}/index.html` } });
    publish(COMMANDS, { sender: contents, senderFrame: null });
    await tick();
    expect(menus).toHaveLength(1);
    expect(logs).toHaveLength(3);

    const foreign = setup('https://evil.example/index.html');
    foreign.publish(COMMANDS);
    await tick();
    expect(foreign.menus).toHaveLength(1);
  });

  it('refuses garbage and keeps the menu it had', async () => {
    const { publish, menus, containerMenu, logs } = setup();
    publish(COMMANDS);
    await tick();
    const garbage: unknown[] = [
      undefined,
      null,
      42,
      'view.containers',
      { length: 1, 0: COMMANDS[0] },
      [null],
      [{ ...COMMANDS[0], group: 'Containers' }],
      [{ ...COMMANDS[0], enabled: 'yes' }],
      [{ ...COMMANDS[0], id: '../../etc' }],
      [{ ...COMMANDS[0], id: '' }],
      [{ ...COMMANDS[0], extra: true }],
      [{ ...COMMANDS[0], shortcut: 7 }],
      [{ id: 'x', title: 'X', group: 'Views' }],
    ];
    for (const g of garbage) publish(g);
    await tick();
    expect(menus).toHaveLength(2);
    expect(containerMenu().map((i) => i.label)).toEqual(['Stop web']);
    expect(logs.length).toBeGreaterThan(0);
  });

  it('refuses an oversized list, title, id or shortcut', async () => {
    const { publish, menus } = setup();
    const entry = COMMANDS[0]!;
    publish(Array.from({ length: MENU_LIMITS.entries + 1 }, (_, i) => ({ ...entry, id: `view.v${i}` })));
    publish([{ ...entry, title: 'x'.repeat(MENU_LIMITS.title + 1) }]);
    publish([{ ...entry, id: 'x'.repeat(MENU_LIMITS.id + 1) }]);
    publish([{ ...entry, shortcut: 'K'.repeat(MENU_LIMITS.shortcut + 1) }]);
    await tick();
    expect(menus).toHaveLength(1);
    // At the caps exactly, the list is taken.
    publish(Array.from({ length: MENU_LIMITS.entries }, (_, i) => ({ ...entry, id: `view.v${i}`, title: 'x'.repeat(MENU_LIMITS.title) })));
    await tick();
    expect(menus).toHaveLength(2);
  });

  it('logs only the first few refusals', async () => {
    const { publish, logs } = setup();
    for (let i = 0; i < 50; i++) publish('garbage');
    await tick();
    expect(logs).toHaveLength(5);
  });

  it('survives a menu Electron refuses to build', async () => {
    const ipc = new StandinIpcMain();
    const contents = new StandinContents(`${ORIGIN}/index.html`);
    const logs: string[] = [];
    serveAppMenu(ipc, contents, ORIGIN, {
      appName: 'Berth',
      platform: 'linux',
      packaged: true,
      setMenu: () => {
        throw new Error('bad template');
      },
      log: (m) => logs.push(m),
    });
    ipc.deliver({ sender: contents, senderFrame: contents.mainFrame }, MENU_PUBLISH_CHANNEL, [COMMANDS]);
    await tick();
    expect(logs).toEqual(['menu: could not install the menu (bad template)', 'menu: could not install the menu (bad template)']);
  });

  it('stops listening when the window is gone, and sends nothing to a destroyed page', async () => {
    const { contents, publish, menus, containerMenu } = setup();
    publish(COMMANDS);
    await tick();
    const item = containerMenu()[0]!;
    contents.destroy();
    expect(() => item.click!()).not.toThrow();
    publish(COMMANDS.slice(0, 1));
    await tick();
    expect(menus).toHaveLength(2);
  });
});

describe('the menu over the preload’s bridge and the IPC stand-in', () => {
  /** The page's ipcRenderer as the stand-in plays it: sends as the window's main frame, hears what main sends it. */
  const pageIpc = (ipc: StandinIpcMain, contents: StandinContents): IpcRendererPort => {
    const offs = new Map<unknown, () => void>();
    return {
      send: (channel, ...args) => ipc.deliver({ sender: contents, senderFrame: contents.mainFrame }, channel, args),
      on: (channel, listener) => offs.set(listener, contents.onPage(channel, (args) => listener({}, ...args))),
      removeListener: (_channel, listener) => offs.get(listener)?.(),
    };
  };

  it('publishes, builds, and brings a chosen item’s id back to the page', async () => {
    const { ipc, contents, menus, containerMenu } = setup();
    const bridge = makeMenuBridge(pageIpc(ipc, contents));
    const chosen: string[] = [];
    bridge.onCommand((id) => chosen.push(id));
    bridge.publish(COMMANDS);
    await tick();
    expect(menus).toHaveLength(2);
    containerMenu()[0]!.click!();
    await tick();
    expect(chosen).toEqual(['selected.stop']);
  });

  it('cannot carry a function: the list is copied as IPC copies it', () => {
    const { ipc, contents } = setup();
    const bridge = makeMenuBridge(pageIpc(ipc, contents));
    const withRun = [{ ...COMMANDS[0]!, run: () => {} }];
    expect(() => bridge.publish(withRun)).toThrow();
  });
});
