import { MENU_LIMITS, MENU_PUBLISH_CHANNEL, MENU_RUN_CHANNEL, MenuCommands, type MenuCommand } from '../../../shared/menu';
import { fromOwnPage, type ContentsPort, type IpcMainEventLike, type IpcMainPort } from '../ipc-transport';
import { buildMenuTemplate, type MenuItemTemplate } from './template';

export interface AppMenuOptions {
  appName: string;
  platform: string;
  packaged: boolean;
  /** Installs the template as the application menu (main.ts: Menu.buildFromTemplate + setApplicationMenu). */
  setMenu(template: MenuItemTemplate[]): void;
  log?(message: string): void;
}

/** Refusals logged per window: enough to diagnose, not a log a misbehaving page can fill. */
const MAX_LOGGED_REFUSALS = 5;

/**
 * The native application menu for one window: shown at once with the
 * conventional menus, rebuilt from each command list the window's page
 * publishes (only when it differs from the last), and a chosen item's command
 * id sent back to that page. The list is untrusted: a message from anywhere
 * but the window's own page, or one that fails the schema or its size caps, is
 * refused and the menu stays as it was.
 */
export function serveAppMenu(ipc: IpcMainPort, contents: ContentsPort, appOrigin: string, opts: AppMenuOptions): { dispose(): void } {
  let lastKey: string | undefined;
  let refusals = 0;
  const refuse = (why: string) => {
    if (++refusals <= MAX_LOGGED_REFUSALS) opts.log?.(`menu: refused a command list (${why})`);
  };
  const onCommand = (id: string) => {
    if (!contents.isDestroyed()) contents.send(MENU_RUN_CHANNEL, id);
  };
  const install = (commands: readonly MenuCommand[]) => {
    try {
      opts.setMenu(buildMenuTemplate(commands, { appName: opts.appName, platform: opts.platform, packaged: opts.packaged, onCommand }));
    } catch (e) {
      opts.log?.(`menu: could not install the menu (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  const onPublish = (event: IpcMainEventLike, payload: unknown) => {
    if (!fromOwnPage(event, contents, appOrigin)) return refuse('not from the window’s own page');
    // Counted before parsing so an oversized list costs nothing to refuse.
    if (!Array.isArray(payload)) return refuse('not a list');
    if (payload.length > MENU_LIMITS.entries) return refuse(`${payload.length} entries, at most ${MENU_LIMITS.entries}`);
    const parsed = MenuCommands.safeParse(payload);
    if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? 'invalid');
    const key = JSON.stringify(parsed.data);
    if (key === lastKey) return;
    lastKey = key;
    install(parsed.data);
  };
  const listener = onPublish as (event: IpcMainEventLike, ...args: unknown[]) => void;
  install([]);
  ipc.on(MENU_PUBLISH_CHANNEL, listener);
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    ipc.removeListener(MENU_PUBLISH_CHANNEL, listener);
  };
  contents.once('destroyed', dispose);
  return { dispose };
}
