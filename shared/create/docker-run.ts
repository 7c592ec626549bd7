import { CAPABILITY_PATTERN, CreateSpec, type MountSpec, type PortSpec, type RestartPolicyName } from '../contract/create';
import { TAG_LABEL_PREFIX, TAG_PATTERN, WORKSPACE_LABEL } from '../contract/labels';
import { joinWords, quoteWord, splitWords } from './shell-words';
import { workspaceTarget } from './request';

/**
 * CreateSpec ⇄ `docker run` line. The printed line is what a user would type
 * for the same container; the parser fills a spec from a pasted line and lists
 * every flag it does not carry over instead of dropping it.
 */

/** Every flag the paste understands (and the preview prints), for docs and the UI's hint. */
export const SUPPORTED_RUN_FLAGS = [
  '--name',
  '-e/--env KEY=VALUE',
  '-l/--label',
  '-p/--publish [ip:][hostPort:]containerPort[/tcp|udp]',
  '-v/--volume source:target[:ro|rw]',
  '--mount type=bind|volume,source=…,target=…[,readonly]',
  '-w/--workdir',
  '-u/--user',
  '--entrypoint',
  '--cpus',
  '-m/--memory',
  '--pids-limit',
  '--restart no|always|unless-stopped|on-failure[:N]',
  '--network/--net (none = no network)',
  '--read-only',
  '--security-opt no-new-privileges[:true]',
  '--cap-drop ALL',
  '--cap-add CAP',
  '--privileged',
  '--pid host',
  '-t/--tty',
  '-i/--interactive',
  '-d/--detach',
] as const;

export interface PrintOptions {
  /** The resolved workspace folder, when the spec leaves it to the default. */
  workspaceHostPath?: string;
}

export function specToDockerRun(spec: CreateSpec, opts: PrintOptions = {}): string {
  const out: string[] = [spec.start === false ? 'docker create' : 'docker run -d'];
  const add = (...words: string[]) => out.push(words.map(quoteWord).join(' '));
  if (spec.name) add('--name', spec.name);
  if (spec.interactive && spec.tty) out.push('-it');
  else if (spec.interactive) out.push('-i');
  else if (spec.tty) out.push('-t');
  if (spec.workingDir) add('-w', spec.workingDir);
  if (spec.user) add('-u', spec.user);
  for (const [k, v] of Object.entries(spec.env ?? {})) add('-e', `${k}=${v}`);
  for (const t of spec.tags ?? []) add('--label', `${TAG_LABEL_PREFIX}${t}=`);
  for (const [k, v] of Object.entries(spec.labels ?? {})) add('--label', `${k}=${v}`);
  const r = spec.resources ?? {};
  if (r.cpus !== undefined) add('--cpus', String(r.cpus));
  if (r.memory !== undefined) add('-m', r.memory);
  if (r.pidsLimit !== undefined) add('--pids-limit', String(r.pidsLimit));
  for (const p of spec.ports ?? []) add('-p', portText(p));
  if (spec.workspace) {
    const host = spec.workspace.hostPath ?? opts.workspaceHostPath ?? '$BERTH_DATA_DIR/workspaces/' + (spec.name ?? 'NAME');
    add('-v', `${host}:${workspaceTarget(spec)}`);
    add('--label', `${WORKSPACE_LABEL}=${host}`);
  }
  for (const m of spec.mounts ?? []) add('-v', `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
  if (spec.restart && spec.restart.policy !== 'no') {
    add('--restart', spec.restart.policy === 'on-failure' && spec.restart.maxRetries ? `on-failure:${spec.restart.maxRetries}` : spec.restart.policy);
  }
  const h = spec.hardening ?? {};
  if (h.noNetwork) add('--network', 'none');
  else if (spec.network) add('--network', spec.network);
  if (h.readOnlyRootfs) out.push('--read-only');
  if (h.noNewPrivileges) add('--security-opt', 'no-new-privileges');
  if (h.capDropAll) add('--cap-drop', 'ALL');
  const a = spec.hostAccess ?? {};
  if (a.privileged) out.push('--privileged');
  for (const c of a.capAdd ?? []) add('--cap-add', c);
  if (a.hostPid) add('--pid', 'host');
  // `--entrypoint` takes one executable; extra entrypoint words go before the command, which is the same argv.
  const [ep0, ...epRest] = spec.entrypoint ?? [];
  if (spec.entrypoint !== undefined) add('--entrypoint', ep0 ?? '');
  add(spec.image);
  const tail = [...epRest, ...(spec.command ?? [])];
  if (tail.length) out.push(joinWords(tail));
  return out.join(' ');
}

function portText(p: PortSpec): string {
  const proto = p.protocol && p.protocol !== 'tcp' ? `/${p.protocol}` : '';
  if (p.hostIp) return `${p.hostIp}:${p.hostPort ?? ''}:${p.containerPort}${proto}`;
  return p.hostPort ? `${p.hostPort}:${p.containerPort}${proto}` : `${p.containerPort}${proto}`;
}

export interface ParsedRun {
  spec: CreateSpec;
  /** Flags (with their values) that have no place in the form; shown to the user, never dropped silently. */
  unsupported: string[];
  /** Flags whose values are wrong, e.g. `--cpus abc`. */
  errors: Array<{ flag: string; message: string }>;
}

/** docker run's boolean flags we do not support, so their next word is not taken as a value. */
const UNSUPPORTED_BOOLEAN = new Set(['--rm', '--init', '-P', '--publish-all', '--no-healthcheck', '--oom-kill-disable', '--read-only=false', '-q', '--quiet', '--sig-proxy', '--disable-content-trust', '--help']);
const SHORT_WITH_VALUE = new Set(['e', 'l', 'p', 'v', 'w', 'u', 'm', 'h', 'a', 'c']);
const SHORT_BOOLEAN = new Set(['d', 'i', 't', 'P', 'q']);
const LONG_BOOLEAN = new Set(['--detach', '--interactive', '--tty', '--read-only', '--privileged', ...UNSUPPORTED_BOOLEAN]);
const ALIASES: Record<string, string> = {
  '-e': '--env',
  '-l': '--label',
  '-p': '--publish',
  '-v': '--volume',
  '-w': '--workdir',
  '-u': '--user',
  '-m': '--memory',
  '-d': '--detach',
  '-i': '--interactive',
  '-t': '--tty',
  '--net': '--network',
  '-h': '--hostname',
  '-a': '--attach',
  '-c': '--cpu-shares',
  '-P': '--publish-all',
  '-q': '--quiet',
};

export function parseDockerRun(line: string): ParsedRun | { error: string } {
  const split = splitWords(line.trim());
  if (split.error) return { error: `Could not read the line: ${split.error}` };
  const words = split.words;
  let i = 0;
  if (words[i] === 'docker' || /\/docker$/.test(words[i] ?? '') || words[i] === 'podman') i++;
  if (words[i] === 'container') i++;
  const verb = words[i];
  if (verb !== 'run' && verb !== 'create') return { error: 'Paste a line that starts with "docker run" (or "docker create")' };
  i++;

  const opts: Array<{ flag: string; value?: string; raw: string }> = [];
  while (i < words.length) {
    const w = words[i]!;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      if (eq > 0) {
        opts.push({ flag: w.slice(0, eq), value: w.slice(eq + 1), raw: w });
        i++;
      } else if (LONG_BOOLEAN.has(w)) {
        opts.push({ flag: w, raw: w });
        i++;
      } else {
        const value = words[i + 1];
        opts.push({ flag: w, value, raw: value === undefined ? w : `${w} ${quoteWord(value)}` });
        i += 2;
      }
      continue;
    }
    // Short flags may be grouped (-dit) and the last may carry its value (-p8080:80, -e FOO=1).
    const letters = w.slice(1);
    for (let j = 0; j < letters.length; j++) {
      const ch = letters[j]!;
      if (SHORT_WITH_VALUE.has(ch)) {
        const rest = letters.slice(j + 1);
        if (rest) opts.push({ flag: `-${ch}`, value: rest.replace(/^=/, ''), raw: `-${ch}${rest}` });
        else {
          const value = words[i + 1];
          opts.push({ flag: `-${ch}`, value, raw: value === undefined ? `-${ch}` : `-${ch} ${quoteWord(value)}` });
          i++;
        }
        break;
      }
      opts.push({ flag: `-${ch}`, raw: `-${ch}` });
      if (!SHORT_BOOLEAN.has(ch)) break;
    }
    i++;
  }
  const image = words[i];
  const command = words.slice(i + 1);

  const spec: CreateSpec = { image: image ?? '' };
  if (verb === 'create') spec.start = false;
  const unsupported: string[] = [];
  const errors: ParsedRun['errors'] = [];
  const labels: Record<string, string> = {};
  const tags: string[] = [];
  const env: Record<string, string> = {};
  const ports: PortSpec[] = [];
  const mounts: MountSpec[] = [];
  const capAdd: string[] = [];
  let workspaceLabel: string | undefined;
  let entrypoint: string | undefined;

  for (const o of opts) {
    const flag = ALIASES[o.flag] ?? o.flag;
    const v = o.value;
    if (v === undefined && !LONG_BOOLEAN.has(flag) && !SHORT_BOOLEAN.has(o.flag.slice(1))) {
      errors.push({ flag: o.flag, message: `${o.flag} needs a value` });
      continue;
    }
    switch (flag) {
      case '--name':
        spec.name = v;
        break;
      case '--env': {
        const eq = v!.indexOf('=');
        if (eq <= 0) unsupported.push(`${o.raw} (takes the value from your shell; give KEY=VALUE)`);
        else env[v!.slice(0, eq)] = v!.slice(eq + 1);
        break;
      }
      case '--label': {
        const eq = v!.indexOf('=');
        const key = eq < 0 ? v! : v!.slice(0, eq);
        const value = eq < 0 ? '' : v!.slice(eq + 1);
        if (key.startsWith(TAG_LABEL_PREFIX) && TAG_PATTERN.test(key.slice(TAG_LABEL_PREFIX.length))) tags.push(key.slice(TAG_LABEL_PREFIX.length));
        else if (key === WORKSPACE_LABEL) workspaceLabel = value;
        else labels[key] = value;
        break;
      }
      case '--publish': {
        const p = parsePort(v!);
        if (typeof p === 'string') errors.push({ flag: o.raw, message: p });
        else ports.push(p);
        break;
      }
      case '--volume': {
        const m = parseVolume(v!);
        if (typeof m === 'string') unsupported.push(`${o.raw} (${m})`);
        else mounts.push(m);
        break;
      }
      case '--mount': {
        const m = parseMountFlag(v!);
        if (typeof m === 'string') unsupported.push(`${o.raw} (${m})`);
        else mounts.push(m);
        break;
      }
      case '--workdir':
        spec.workingDir = v;
        break;
      case '--user':
        spec.user = v;
        break;
      case '--entrypoint':
        entrypoint = v;
        break;
      case '--cpus': {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) errors.push({ flag: o.raw, message: `"${v}" is not a number of CPUs` });
        else (spec.resources ??= {}).cpus = n;
        break;
      }
      case '--memory':
        (spec.resources ??= {}).memory = v!;
        break;
      case '--pids-limit': {
        const n = Number(v);
        if (!Number.isInteger(n)) errors.push({ flag: o.raw, message: `"${v}" is not a whole number` });
        else if (n > 0) (spec.resources ??= {}).pidsLimit = n;
        break;
      }
      case '--restart': {
        const [policy, retries] = v!.split(':');
        if (!['no', 'always', 'unless-stopped', 'on-failure'].includes(policy ?? '')) {
          errors.push({ flag: o.raw, message: `"${v}" is not a restart policy (no, always, unless-stopped, on-failure[:N])` });
          break;
        }
        spec.restart = { policy: policy as RestartPolicyName };
        if (retries !== undefined) {
          const n = Number(retries);
          if (policy !== 'on-failure' || !Number.isInteger(n) || n < 0) errors.push({ flag: o.raw, message: 'Only on-failure takes a retry count, e.g. on-failure:3' });
          else spec.restart.maxRetries = n;
        }
        break;
      }
      case '--network':
        if (v === 'none') (spec.hardening ??= {}).noNetwork = true;
        else spec.network = v;
        break;
      case '--read-only':
        (spec.hardening ??= {}).readOnlyRootfs = true;
        break;
      case '--security-opt':
        if (v === 'no-new-privileges' || v === 'no-new-privileges:true' || v === 'no-new-privileges=true') (spec.hardening ??= {}).noNewPrivileges = true;
        else unsupported.push(o.raw);
        break;
      case '--cap-drop':
        if (v?.toUpperCase() === 'ALL') (spec.hardening ??= {}).capDropAll = true;
        else unsupported.push(`${o.raw} (only ALL is supported)`);
        break;
      case '--cap-add':
        // docker takes one capability per flag, or several separated by commas.
        for (const c of v!.split(',').map((x) => x.trim()).filter(Boolean)) {
          if (!CAPABILITY_PATTERN.test(c)) errors.push({ flag: o.raw, message: `"${c}" is not a capability name, e.g. NET_ADMIN` });
          else if (!capAdd.includes(c)) capAdd.push(c);
        }
        break;
      case '--privileged':
        (spec.hostAccess ??= {}).privileged = true;
        break;
      case '--pid':
        if (v === 'host') (spec.hostAccess ??= {}).hostPid = true;
        else unsupported.push(`${o.raw} (only host is supported)`);
        break;
      case '--tty':
        spec.tty = true;
        break;
      case '--interactive':
        spec.interactive = true;
        break;
      case '--detach':
        break;
      default:
        unsupported.push(o.raw);
    }
  }
  if (!image) errors.push({ flag: 'IMAGE', message: 'The line names no image' });
  if (Object.keys(env).length) spec.env = env;
  if (Object.keys(labels).length) spec.labels = labels;
  if (tags.length) spec.tags = tags;
  if (ports.length) spec.ports = ports;
  if (capAdd.length) (spec.hostAccess ??= {}).capAdd = capAdd;
  // The workspace is the bind whose source the berth.workspace label names: that is how the preview prints it.
  const wsIndex = workspaceLabel === undefined ? -1 : mounts.findIndex((m) => m.type === 'bind' && m.source === workspaceLabel);
  if (wsIndex >= 0) {
    const ws = mounts.splice(wsIndex, 1)[0]!;
    spec.workspace = { hostPath: ws.source, containerPath: ws.target };
  } else if (workspaceLabel !== undefined) labels[WORKSPACE_LABEL] = workspaceLabel;
  if (mounts.length) spec.mounts = mounts;
  if (entrypoint !== undefined) {
    // `--entrypoint` is one executable; the engine's argv is entrypoint + command.
    spec.entrypoint = entrypoint === '' ? [] : [entrypoint];
  }
  if (command.length) spec.command = command;
  return { spec, unsupported, errors };
}

function parsePort(text: string): PortSpec | string {
  const m = /^(?:(?:(\[[0-9a-fA-F:]+\]|[0-9.]+):)?(\d*):)?(\d+)(?:\/(tcp|udp|sctp))?$/.exec(text);
  if (!m) {
    if (/\d+-\d+/.test(text)) return `Port ranges (${text}) are not supported: add one row per port`;
    return `"${text}" is not a port mapping like 8080:80 or 8080:80/udp`;
  }
  const [, ip, host, container, proto] = m;
  if (proto === 'sctp') return 'SCTP ports are not supported';
  const c = Number(container);
  if (c < 1 || c > 65535) return `${container} is not a port (1-65535)`;
  const p: PortSpec = { containerPort: c };
  if (host) {
    const h = Number(host);
    if (h < 1 || h > 65535) return `${host} is not a port (1-65535)`;
    p.hostPort = h;
  }
  if (proto === 'udp') p.protocol = 'udp';
  if (ip) p.hostIp = ip.replace(/^\[|\]$/g, '');
  return p;
}

function parseVolume(text: string): MountSpec | string {
  const parts = text.split(':');
  if (parts.length < 2) return 'an anonymous volume: give it a name or a host folder';
  const [source, target, mode] = parts;
  if (parts.length > 3 || !source || !target) return 'not source:target[:ro]';
  if (mode !== undefined && !['ro', 'rw'].includes(mode)) return `mode "${mode}" is not supported (ro or rw)`;
  return { type: source.startsWith('/') ? 'bind' : 'volume', source, target, ...(mode === 'ro' ? { readOnly: true } : {}) };
}

function parseMountFlag(text: string): MountSpec | string {
  const kv = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    kv.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? 'true' : part.slice(eq + 1));
  }
  const type = kv.get('type') ?? 'volume';
  if (type !== 'bind' && type !== 'volume') return `type ${type} is not supported`;
  const source = kv.get('source') ?? kv.get('src');
  const target = kv.get('target') ?? kv.get('destination') ?? kv.get('dst');
  if (!source || !target) return 'needs source and target';
  const ro = kv.get('readonly') ?? kv.get('ro');
  return { type, source, target, ...(ro === 'true' || ro === '1' ? { readOnly: true } : {}) };
}

/** Re-exported so callers can validate what the paste produced with the same schema. */
export { CreateSpec };
