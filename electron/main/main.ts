import { app, BrowserWindow, ipcMain, Menu, screen, session, shell } from 'electron';
import { join } from 'node:path';
import { serve } from '../../shared/rpc/server';
import { toErrorData } from '../services/engine/errors';
import { createServices, type Services } from '../services/index';
import { keepServingOnEscapedErrors } from '../services/last-resort';
import { createRouter } from '../services/router';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol';
import { ipcServerTransport } from './ipc-transport';
import { serveAppMenu } from './menu/menu-ipc';
import { MIN_SIZE, placeWindow } from './window-state/place';
import { createWindowStateSaver, readWindowState, WINDOW_STATE_FILE } from './window-state/state-file';
import { trackWindowState } from './window-state/track';

/**
 * Electron glue only: one window with the security settings below (placed
 * where it was last, window-state/), the app protocol, the RPC served over
 * IPC, and the native menu built from the page's commands (menu/). Everything else lives in
 * electron/services, shared with the web host.
 */
registerAppScheme();
// BERTH_DATA_DIR wins; otherwise the services' default is Electron's userData folder.
const dataDir = process.env.BERTH_DATA_DIR ?? app.getPath('userData');
let services: Services | undefined;

/** Links to published ports open in the user's browser; anything else is refused. */
function openExternally(url: string): void {
  try {
    const u = new URL(url);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
      void shell.openExternal(u.toString());
    }
  } catch {
    /* not a URL: ignore */
  }
}

async function createWindow(s: Services): Promise<void> {
  const stateFile = join(dataDir, WINDOW_STATE_FILE);
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)];
  const place = placeWindow(await readWindowState(stateFile, console.warn), displays);
  const win = new BrowserWindow({
    ...place.bounds,
    center: place.bounds.x === undefined,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Berth',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const router = createRouter(s);
  let conn: { close(): void; dispose(): void } | undefined;
  // A new RPC connection per page load: a reload drops the old one (terminal sessions survive in the services).
  const connect = () => {
    conn?.dispose();
    const transport = ipcServerTransport(ipcMain, win.webContents, APP_ORIGIN);
    const rpc = serve(router, transport, { id: `electron-${win.id}`, host: 'electron' }, { toError: toErrorData });
    conn = { close: rpc.close, dispose: () => transport.dispose() };
  };
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) connect();
  });
  serveAppMenu(ipcMain, win.webContents, APP_ORIGIN, {
    appName: app.name,
    platform: process.platform,
    packaged: app.isPackaged,
    setMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)),
    log: console.warn,
  });
  trackWindowState(win, createWindowStateSaver(stateFile, { log: console.warn }));
  win.once('ready-to-show', () => {
    if (place.maximized) win.maximize();
    if (place.fullscreen) win.setFullScreen(true);
    win.show();
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) {
      event.preventDefault();
      openExternally(url);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // The desktop app is used by this machine's own user: full power, and the wizard asks before binding system folders.
  services = createServices({ dataDir, allowHostShell: true, containerPolicy: { fullAccess: true } });
  handleAppProtocol(join(__dirname, '..', 'renderer'), services.downloads);
  void createWindow(services);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && services) void createWindow(services);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void services?.dispose();
});

keepServingOnEscapedErrors();
