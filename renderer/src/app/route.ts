/**
 * The app's locations as hash URLs: `#/containers`, `#/containers/<id>/files?path=/app`,
 * `#/containers/<id>/logs?full=1` (the details widened to a full page), `#/terminals/<tab>`. Pure: parsing and formatting only, so any odd address
 * (hand-typed, stale, or the login fragment) maps to a valid location.
 */
export interface Location {
  /** The view, e.g. "containers", "terminals". */
  view: string;
  /** The container whose details are open, and which tab (containers view only). */
  details?: { id: string; tab: string };
  /** The view's own item, e.g. the terminal tab shown (`#/terminals/<tab>`). */
  item?: string;
  /** The location's parameters, e.g. the Files tab's folder. */
  params: Readonly<Record<string, string>>;
}

export const DEFAULT_VIEW = 'containers';

/** The details pane fills the view: only the exact value "1" counts, anything else is the side pane. */
export const isFullPage = (loc: Location): boolean => !!loc.details && loc.params.full === '1';

export const DEFAULT_TAB = 'overview';

// Ids and tab names are short tokens; anything else is not a location of ours.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MAX_PARAM = 4096;

const decode = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

export function parseHash(hash: string): Location {
  const fallback: Location = { view: DEFAULT_VIEW, params: {} };
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  // Anything not starting with "/" (the login fragment `#token=…`, an anchor) is no location.
  if (!body.startsWith('/')) return fallback;
  const q = body.indexOf('?');
  const pathPart = q < 0 ? body : body.slice(0, q);
  const segments = pathPart.split('/').filter(Boolean).map(decode);
  if (segments.some((s) => s === undefined || !SEGMENT.test(s))) return fallback;
  const [view, a, b] = segments as string[];
  if (!view) return fallback;
  const params: Record<string, string> = {};
  if (q >= 0) {
    for (const pair of body.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const k = decode(pair.slice(0, eq));
      const v = decode(pair.slice(eq + 1).replace(/\+/g, ' '));
      if (k && v !== undefined && v.length <= MAX_PARAM && /^[a-z][a-zA-Z0-9]{0,31}$/.test(k)) params[k] = v;
    }
  }
  if (view === DEFAULT_VIEW) {
    return a ? { view, details: { id: a, tab: b ?? DEFAULT_TAB }, params } : { view, params: {} };
  }
  return a ? { view, item: a, params } : { view, params };
}

// Keeps "/" readable in folder paths (`?path=/app/src`), as users type them.
const encodeParam = (v: string) => encodeURIComponent(v).replace(/%2F/g, '/');

export function formatHash(loc: Location): string {
  const segs = [loc.view];
  if (loc.details) segs.push(loc.details.id, loc.details.tab);
  else if (loc.item) segs.push(loc.item);
  const query = Object.entries(loc.params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeParam(v)}`)
    .join('&');
  return `#/${segs.map(encodeURIComponent).join('/')}${query ? `?${query}` : ''}`;
}
