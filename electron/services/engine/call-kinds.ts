/**
 * Every engine request belongs to a kind, and the kind says how long the
 * engine may take to answer it. Pure: the guarded modem asks this for each
 * request it sends.
 */
export type CallKind = 'ping' | 'quick' | 'mutate' | 'stop' | 'slow' | 'image-remove' | 'stream' | 'long';

export interface CallTimeouts {
  /** GET /_ping: the liveness probe. Why 5 s: a healthy engine answers in milliseconds; a busy one within a second or two. */
  ping: number;
  /** Metadata reads (inspect, list, version, info, top, resize). Why 10 s: inspect has been seen to block for seconds behind a stalled archive stream. */
  quick: number;
  /** Create, start, kill, pause, update, rename, remove, networks and volumes. Why 30 s: start is ~190 ms here, under load a few seconds. */
  mutate: number;
  /** Added to a stop's (or restart's) own grace period: the engine waits that long, then kills, then answers. */
  stopMargin: number;
  /** A stop without an explicit grace period uses the container's own StopTimeout, which we do not know here. */
  stopUnknown: number;
  /** Disk usage, prune, commit: work proportional to what is stored. */
  slow: number;
  /** DELETE /images/…: `docker rmi` has hung on this engine; bound it. */
  imageRemove: number;
  /** Streams (logs follow, events, pull, archive, exec attach): only until the response starts, then no overall limit. */
  firstByte: number;
  /** Pull answers once the registry has been asked: give it longer than other streams. */
  pullFirstByte: number;
}

export const DEFAULT_TIMEOUTS: CallTimeouts = {
  ping: 5_000,
  quick: 10_000,
  mutate: 30_000,
  stopMargin: 15_000,
  stopUnknown: 75_000,
  slow: 120_000,
  imageRemove: 60_000,
  firstByte: 30_000,
  pullFirstByte: 60_000,
};

export interface RequestShape {
  method: string;
  /** Without the API version prefix, with or without the trailing `?`. */
  path: string;
  query?: Record<string, unknown>;
  isStream?: boolean;
  hijack?: boolean;
}

export interface CallPlan {
  kind: CallKind;
  /**
   * Milliseconds until the answer (for streams: until the response starts; for
   * a request with a streamed body: counted from the body's end); undefined for no limit.
   */
  deadlineMs: number | undefined;
  /** What was asked, for the timeout message ("inspect container abc"). */
  what: string;
}

const ID = '[^/?]+';
const route = (method: string, pattern: string) => ({ method, re: new RegExp(`^${pattern}$`) });

/** Calls that answer only when something happens (a container exits), or carry a body of any size both ways. */
const LONG = [route('POST', `/containers/${ID}/wait`), route('GET', `/containers/${ID}/logs`), route('GET', `/containers/${ID}/export`), route('GET', `/images/${ID}/get`), route('GET', '/images/get')];
const SLOW = [
  route('GET', '/system/df'),
  route('POST', '/commit'),
  route('POST', '/(containers|images|volumes|networks|build)/prune'),
  route('POST', '/images/load'),
  route('POST', '/build'),
  route('POST', `/images/.+/push`),
];

export function planCall(req: RequestShape, t: CallTimeouts = DEFAULT_TIMEOUTS): CallPlan {
  const method = req.method.toUpperCase();
  const path = req.path.replace(/\?.*$/, '').replace(/^\/v\d+(\.\d+)?(?=\/)/, '');
  const what = `${method} ${path}`;
  const plan = (kind: CallKind, deadlineMs: number | undefined): CallPlan => ({ kind, deadlineMs, what });

  if (path === '/_ping') return plan('ping', t.ping);
  if (method === 'DELETE' && /^\/images\//.test(path)) return plan('image-remove', t.imageRemove);
  const stop = /^\/containers\/[^/]+\/(stop|restart)$/.exec(path);
  if (stop && method === 'POST') {
    const grace = Number(req.query?.t);
    return plan('stop', Number.isFinite(grace) && grace >= 0 ? grace * 1000 + t.stopMargin : t.stopUnknown);
  }
  if (method === 'POST' && path === '/images/create') return plan('stream', t.pullFirstByte);
  if (req.isStream || req.hijack) return plan('stream', t.firstByte);
  if (LONG.some((r) => r.method === method && r.re.test(path))) return plan('long', undefined);
  if (SLOW.some((r) => r.method === method && r.re.test(path))) return plan('slow', t.slow);
  if (method === 'GET' || method === 'HEAD') return plan('quick', t.quick);
  // Resizing a TTY is bookkeeping, but an exec resize before start has hung ~10 s: a quick bound.
  if (/\/resize$/.test(path)) return plan('quick', t.quick);
  return plan('mutate', t.mutate);
}

/** "5 s", "1.5 s", "2 min": for messages. */
export function formatDuration(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
