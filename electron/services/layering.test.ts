import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The layering the type checker cannot say: a tsconfig's `types` keeps
 * ambient globals out, but an explicit import of a package that ships its own
 * types (dockerode's, electron's) still resolves. So the imports are read here.
 */

const ROOT = join(__dirname, '..', '..');

/** The one folder that speaks to the engine's client library. */
const ENGINE_DIR = 'electron/services/engine/';

/**
 * Outside the engine folder, only these may import dockerode:
 * - the remote-engine connection probe, which builds a guarded client of its own
 *   for an endpoint the user is adding (and its test); it becomes a port when remote
 *   engines serve the features;
 * - the list benchmark's raw baseline, which measures the engine without Berth.
 */
const DOCKERODE_ALLOWED = new Set([
  'electron/services/engines/connect.ts',
  'electron/services/engines/remote.int.test.ts',
  'bench/list.bench.ts',
]);

const ENGINE_CLIENT_LIBS = /^(dockerode|docker-modem)(\/|$)/;
const ELECTRON = /^electron(\/|$)/;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (d.name === 'node_modules' || d.name.startsWith('.')) continue;
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mts|cts)$/.test(d.name)) out.push(rel);
  }
  return out;
}

/** Every module a file names: import, export-from, import(), require(), and import type. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

function layeringViolations(files: readonly string[], read: (f: string) => string[] = importsOf): string[] {
  const bad: string[] = [];
  for (const f of files) {
    const names = read(f);
    if (!f.startsWith(ENGINE_DIR) && !DOCKERODE_ALLOWED.has(f)) {
      for (const n of names.filter((n) => ENGINE_CLIENT_LIBS.test(n))) bad.push(`${f} imports ${n}: only ${ENGINE_DIR} may (go through the engine port)`);
    }
    if (f.startsWith('electron/services/')) {
      for (const n of names.filter((n) => ELECTRON.test(n))) bad.push(`${f} imports ${n}: the services are plain Node`);
    }
  }
  return bad;
}

/** Calls of the raw client outside the engine folder (features call engine.port). */
function rawClientCalls(files: readonly string[], read: (f: string) => string = (f) => readFileSync(join(ROOT, f), 'utf8')): string[] {
  return files
    .filter((f) => !f.startsWith(ENGINE_DIR) && !DOCKERODE_ALLOWED.has(f))
    .filter((f) => /\bengine\s*\.\s*client\s*\(/.test(read(f)))
    .map((f) => `${f} calls engine.client(): use engine.port`);
}

const SELF = relative(ROOT, __filename).split(sep).join('/');
/** Everything but this file, whose examples name what they forbid. */
const ALL = ['electron', 'shared', 'renderer', 'bench', 'e2e', 'scripts']
  .flatMap((d) => sources(d))
  .map((f) => f.split(sep).join('/'))
  .filter((f) => f !== SELF);

describe('layering', () => {
  it('reads the repository (the scan is not empty)', () => {
    expect(ALL.length).toBeGreaterThan(100);
    expect(ALL).toContain('electron/services/engine/docker-port.ts');
    // The scanner sees a real dockerode import where there is one.
    expect(importsOf('electron/services/engine/docker-port.ts')).toContain('dockerode');
  });

  it('no file outside electron/services/engine imports dockerode or docker-modem, and no service imports electron', () => {
    expect(layeringViolations(ALL)).toEqual([]);
  });

  it('no feature calls the raw engine client', () => {
    expect(rawClientCalls(ALL.filter((f) => f.startsWith('electron/') || f.startsWith('bench/')))).toEqual([]);
  });

  it('catches a stray import, a type-only import, a dynamic one and an electron import in a service', () => {
    const fake: Record<string, string[]> = {
      'electron/services/files/x.ts': ['dockerode'],
      'electron/services/logs/y.ts': ['docker-modem/lib/modem'],
      'renderer/src/z.ts': ['dockerode'],
      'electron/services/stats/w.ts': ['electron'],
      'electron/main/ok.ts': ['electron'],
      'electron/services/engine/ok.ts': ['dockerode'],
    };
    expect(layeringViolations(Object.keys(fake), (f) => fake[f] ?? [])).toEqual([
      'electron/services/files/x.ts imports dockerode: only electron/services/engine/ may (go through the engine port)',
      'electron/services/logs/y.ts imports docker-modem/lib/modem: only electron/services/engine/ may (go through the engine port)',
      'renderer/src/z.ts imports dockerode: only electron/services/engine/ may (go through the engine port)',
      'electron/services/stats/w.ts imports electron: the services are plain Node',
    ]);
    const src = "import type Docker from 'dockerode';\nconst m = await import('docker-modem');\nconst e = require('electron');";
    expect(ts.preProcessFile(src, true, true).importedFiles.map((f) => f.fileName)).toEqual(['dockerode', 'docker-modem', 'electron']);
    expect(rawClientCalls(['electron/services/a.ts'], () => 'await deps.engine.client().info()')).toEqual(['electron/services/a.ts calls engine.client(): use engine.port']);
  });
});
