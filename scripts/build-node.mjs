// Bundles the Node side: the web host, Electron's main process and its preload.
// The preload is CommonJS and fully bundled: a sandboxed preload can require only 'electron'.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  outExtension: { '.js': '.cjs' },
};

await Promise.all([
  build({ ...common, entryPoints: { server: './electron/server/main.ts' }, outdir: 'dist/server', packages: 'external' }),
  build({ ...common, entryPoints: { main: './electron/main/main.ts' }, outdir: 'dist/electron', packages: 'external', external: ['electron'] }),
  build({ ...common, entryPoints: { preload: './electron/preload/preload.ts' }, outdir: 'dist/electron', external: ['electron'] }),
]);
console.log('built dist/server and dist/electron');
