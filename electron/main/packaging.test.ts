import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The packaging config cannot be exercised here (electron-builder downloads
 * Electron), so it is checked against electron-builder's own schema and the
 * security checklist's fuse settings.
 */
const config = parse(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as Record<string, unknown>;
const scheme = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('app-builder-lib/scheme.json'), 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

describe('electron-builder.yml', () => {
  it('uses only options electron-builder knows', () => {
    expect(Object.keys(config).filter((k) => !(k in scheme.properties))).toEqual([]);
    expect(Object.keys(config.electronFuses as object).filter((k) => !(k in scheme.definitions.FuseOptionsV1.properties))).toEqual([]);
  });

  it('flips the fuses the security checklist asks for', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(config.asar).toBe(true);
  });
});
