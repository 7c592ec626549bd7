import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { serve } from '../../shared/rpc/server';
import { toErrorData } from '../services/engine/errors';
import { createServices, type Services } from '../services/index';
import { keepServingOnEscapedErrors } from '../services/last-resort';
import { createRouter } from '../services/router';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol';
import { ipcServerTransport } from './ipc-transport';

/**
 * Electron glue only: one window with the security settings below, the app
 * protocol, and the RPC served over IPC. Everything else lives in
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

function createWindow(s: Services): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 860,
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
  win.once('ready-to-show', () => win.show());
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
  createWindow(services);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && services) createWindow(services);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void services?.dispose();
});

keepServingOnEscapedErrors();
