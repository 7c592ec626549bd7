import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Template, type CreateSpec } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';

const TEST_IMAGE = 'berth-test/busybox:latest';

/** Built-in starting points, on the local test image so they work without a registry. */
export const BUILTIN_TEMPLATES: Template[] = [
  {
    id: 'shell-box',
    name: 'Shell box',
    description: 'An interactive shell with a workspace folder at /app.',
    builtin: true,
    spec: { image: TEST_IMAGE, command: ['/bin/sh'], workingDir: '/app', tty: true, interactive: true, workspace: {}, tags: ['shell'] },
  },
  {
    id: 'background-sleeper',
    name: 'Background sleeper',
    description: 'A small capped process that stays up: half a CPU, 64 MiB, 64 processes.',
    builtin: true,
    spec: { image: TEST_IMAGE, command: ['sleep', '3600'], resources: { cpus: 0.5, memory: '64m', pidsLimit: 64 }, restart: { policy: 'unless-stopped' } },
  },
  {
    id: 'locked-down',
    name: 'Locked-down sandbox',
    description: 'Read-only root filesystem, no new privileges, no capabilities, no network.',
    builtin: true,
    spec: {
      image: TEST_IMAGE,
      command: ['sleep', '3600'],
      hardening: { readOnlyRootfs: true, noNewPrivileges: true, capDropAll: true, noNetwork: true },
    },
  },
];

export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56);
  return s || 'template';
}

/** User templates: one JSON file each in `<dataDir>/templates/`, written atomically. */
export class TemplateStore {
  constructor(private readonly dir: string) {}

  list(): Template[] {
    const own: Template[] = [];
    if (existsSync(this.dir)) {
      for (const f of readdirSync(this.dir).sort()) {
        if (!f.endsWith('.json')) continue;
        try {
          const t = Template.parse(JSON.parse(readFileSync(join(this.dir, f), 'utf8')));
          own.push({ ...t, builtin: false });
        } catch (e) {
          console.error(`[templates] skipping ${f}:`, e instanceof Error ? e.message : e);
        }
      }
    }
    return [...BUILTIN_TEMPLATES, ...own.sort((a, b) => a.name.localeCompare(b.name))];
  }

  /** Saving under an existing name replaces that template; built-in names get a "my-" id. */
  save(name: string, spec: CreateSpec, description?: string): Template {
    let id = slug(name);
    if (BUILTIN_TEMPLATES.some((t) => t.id === id)) id = `my-${id}`.slice(0, 64);
    const t: Template = { id, name: name.trim(), builtin: false, spec, ...(description ? { description } : {}) };
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${id}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(t, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
    return t;
  }

  delete(id: string): void {
    if (BUILTIN_TEMPLATES.some((t) => t.id === id)) throw new BerthError('unsupported', 'Built-in templates cannot be deleted');
    const file = join(this.dir, `${id}.json`);
    if (!existsSync(file)) throw new BerthError('not-found', `There is no template "${id}"`);
    rmSync(file);
  }
}
