/**
 * The engine's and registries' own error text is precise but written for
 * people who know runc and the registry protocol. This maps the messages we
 * know to a sentence a person can act on, and always keeps the raw text so
 * nothing the engine said is lost. Pure: used by the hosts (activity log) and
 * the renderer (toasts, the Activity view) alike.
 */
export interface Explained {
  /** One sentence in plain words. */
  message: string;
  /** The engine's or registry's own text, unchanged. */
  details: string;
}

interface Rule {
  test: RegExp;
  say: (m: RegExpMatchArray) => string;
}

const quoted = (s: string | undefined) => (s ? `“${s}”` : 'the program');

/** Most specific first: an OCI "exec" failure also contains "permission denied" or "no such file". */
const RULES: Rule[] = [
  {
    test: /exec: "([^"]*)": executable file not found in \$PATH/i,
    say: (m) => `The container has no program named ${quoted(m[1])} on its PATH, so it could not be started; check the command, or use the program's full path.`,
  },
  {
    test: /exec: "([^"]*)": (?:stat [^:]*: )?no such file or directory/i,
    say: (m) => `The program ${quoted(m[1])} does not exist inside the container's image.`,
  },
  {
    test: /exec: "([^"]*)": permission denied/i,
    say: (m) => `${quoted(m[1]).replace(/^./, (c) => c.toUpperCase())} cannot be run: it is not executable (or not a program) inside the container.`,
  },
  {
    test: /error setting rlimit|ulimit|rlimit type/i,
    say: () => 'A resource limit (ulimit) asked for is higher than this engine allows, so the container could not start; lower the limit.',
  },
  {
    test: /Minimum memory limit allowed is (\S+)/i,
    say: (m) => `The memory limit is too small: the engine needs at least ${m[1]}.`,
  },
  {
    test: /Requested CPUs are not available - requested ([^,]+), available: (\S+)/i,
    say: (m) => `CPUs ${m[1]} do not exist on this engine; it has CPUs ${m[2]}.`,
  },
  {
    test: /cgroup/i,
    say: () => 'The engine could not apply the container’s resource limits (cgroups) on this host.',
  },
  {
    test: /OOMKilled|out of memory|oom[- ]kill/i,
    say: () => 'The container ran out of memory and was stopped by the kernel; give it a higher memory limit.',
  },
  {
    test: /Conflict\. The container name "\/?([^"]+)" is already in use/i,
    say: (m) => `A container named “${m[1]}” already exists; pick another name, or remove or rename that container first.`,
  },
  {
    test: /Bind for ([^ ]+) failed: port is already allocated|port is already allocated|address already in use/i,
    say: (m) => `${m[1] ? `Port ${m[1]}` : 'That host port'} is already taken by another container or program; choose another host port.`,
  },
  {
    test: /network ([^ ]+) not found/i,
    say: (m) => `There is no network named “${m[1]}” on this engine.`,
  },
  {
    test: /manifest unknown|manifest for (\S+) not found/i,
    say: (m) => `The registry has no image ${m[1] ? `“${m[1]}”` : 'with that tag'}; check the tag.`,
  },
  {
    test: /pull access denied for ([^,\s]+)/i,
    say: (m) => `The registry refused to give out “${m[1]}”: it does not exist, or it needs you to log in.`,
  },
  {
    test: /toomanyrequests|rate limit/i,
    say: () => 'The registry is limiting how often images can be pulled; wait a while, or log in to get a higher limit.',
  },
  {
    test: /x509|certificate signed by unknown authority|tls: failed to verify/i,
    say: () => 'The registry’s TLS certificate is not trusted by the engine, so it would not connect.',
  },
  {
    test: /lookup ([^ ]+?)(?: on [^:]+(?::\d+)?)?: no such host/i,
    say: (m) => `The registry host “${m[1]}” could not be found: check the name, or the engine’s network and DNS.`,
  },
  {
    test: /dial tcp ([^ ]+): connect: connection refused/i,
    say: (m) => `Nothing answered at ${m[1]}: the registry is not running there.`,
  },
  {
    test: /No such image: (\S+)/i,
    say: (m) => `The image “${m[1]}” is not on this engine; pull it first.`,
  },
];

/** The sentence for a raw engine or registry message, or null when it is not one we know (the raw text is then the best words). */
export function explain(raw: string): Explained | null {
  const text = raw.trim();
  if (!text) return null;
  for (const r of RULES) {
    const m = text.match(r.test);
    if (!m) continue;
    // Berth's own lead-in ("Could not start “web”: …") says which container; it stays in front of the words.
    const lead = text.match(/^([^:“”]{1,120}“[^”]{1,256}”):\s/);
    return { message: lead ? `${lead[1]}: ${r.say(m)}` : r.say(m), details: text };
  }
  return null;
}
