// `npm start`: build and launch the desktop app. Electron's binary is downloaded
// on first start (npm is told not to fetch it at install time); where it cannot
// be had, say so plainly and point at the browser host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

function electronPath() {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

let bin = electronPath();
if (!bin) {
  console.log('[start] fetching the Electron binary (first start)…');
  const r = spawnSync(process.execPath, [require.resolve('electron/install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  bin = r.status === 0 ? electronPath() : undefined;
  if (!bin) {
    // The installer's stack trace helps no one; its first error line says what failed.
    const why = `${r.stderr ?? ''}`.split('\n').find((l) => /error/i.test(l))?.trim();
    if (why) console.error(`[start] ${why.slice(0, 300)}`);
  }
}
if (!bin) {
  console.error(`
Berth's desktop window needs the Electron binary, and it could not be downloaded on
this machine (its download host is not reachable from here).

Run the very same app in your browser instead:

    npm run serve

It prints a URL (with your access token) to open.`);
  process.exit(1);
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const args = ['dist/electron/main.cjs'];
// Chromium refuses to run as root with its OS sandbox; the renderer keeps contextIsolation and sandbox: true.
if (process.getuid?.() === 0) {
  console.warn('[start] running as root: Chromium needs --no-sandbox here. Prefer running Berth as a normal user.');
  args.unshift('--no-sandbox');
}
const child = spawn(bin, args, { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
