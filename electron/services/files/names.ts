/**
 * Names of entries coming in (uploads: zip entries, dropped files) and going
 * out (downloads: tar entries from the container turned into zip entries).
 *
 * Incoming names are *rejected* when unsafe, never repaired: a repaired name
 * would silently put a file somewhere the user did not expect. Outgoing names
 * are *sanitised*, because the user cannot fix a container's file names and
 * still wants the rest of the folder.
 */

/** Top-level names that are ours during an upload (the staging folder). */
export const STAGING_PREFIX = '.berth-upload-';

const MAX_NAME_BYTES = 4096;
const MAX_SEGMENT_BYTES = 255;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface NameProblem {
  reason: string;
}

/**
 * Checks a relative entry name. `isDir` entries may end with one slash.
 * Returns the normalised name (no trailing slash) or a problem.
 */
export function checkEntryName(name: string, isDir = false): { name: string } | NameProblem {
  if (name.length === 0) return { reason: 'the name is empty' };
  if (CONTROL.test(name)) return { reason: 'the name contains a NUL or control character' };
  if (name.includes('\\')) return { reason: 'the name contains a backslash (a Windows path separator)' };
  if (/^[a-zA-Z]:/.test(name)) return { reason: 'the name starts with a drive letter' };
  if (name.startsWith('/')) return { reason: 'the name is an absolute path' };
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return { reason: `the name is longer than ${MAX_NAME_BYTES} bytes` };
  let body = name;
  if (body.endsWith('/')) {
    if (!isDir) return { reason: 'a file name ends with a slash' };
    body = body.slice(0, -1);
  }
  const segments = body.split('/');
  for (const s of segments) {
    if (s === '..') return { reason: 'the name climbs out of the target folder (..)' };
    if (s === '' || s === '.') return { reason: 'the name has an empty or "." path segment' };
    if (Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES) return { reason: `a path segment is longer than ${MAX_SEGMENT_BYTES} bytes` };
  }
  if (segments[0]!.startsWith(STAGING_PREFIX)) return { reason: `names starting with ${STAGING_PREFIX} are reserved by Berth` };
  return { name: body };
}

/** Decodes raw name bytes as strict UTF-8; null when they are not valid UTF-8. */
export function decodeName(raw: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f<>:"|?*\\]/g;

/** One segment made safe on Windows, macOS and Linux; never empty, never "." or "..". */
export function sanitiseSegment(segment: string): string {
  let s = segment.replace(UNSAFE_CHARS, '_');
  // Windows drops trailing dots and spaces, which could merge two names.
  s = s.replace(/[. ]+$/, (m) => '_'.repeat(m.length));
  if (s === '' || s === '.' || s === '..') s = '_';
  if (WINDOWS_RESERVED.test(s)) s = `_${s}`;
  while (Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES) s = s.slice(0, -1);
  return s;
}

/**
 * A container path (from a tar entry) as a safe relative path on the user's
 * machine: no absolute paths, no "..", no control or reserved characters.
 * Returns null for names that are nothing once cleaned (e.g. "./").
 */
export function sanitiseOutgoingName(name: string): string | null {
  const parts = name
    .split('/')
    .filter((p) => p !== '' && p !== '.' && p !== '..')
    .map(sanitiseSegment);
  return parts.length ? parts.join('/') : null;
}

/** Joins a container folder and a relative name. */
export function joinContainerPath(dir: string, name: string): string {
  return (dir.endsWith('/') ? dir : `${dir}/`) + name;
}

/** Parent folder and last segment of an absolute container path; "/" has no parent. */
export function splitContainerPath(path: string): { parent: string; base: string } | null {
  const clean = normaliseContainerPath(path);
  if (clean === '/') return null;
  const i = clean.lastIndexOf('/');
  return { parent: i === 0 ? '/' : clean.slice(0, i), base: clean.slice(i + 1) };
}

/** Resolves "." and ".." and repeated slashes in an absolute container path. */
export function normaliseContainerPath(path: string): string {
  const out: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

export function modeText(type: string, mode: number): string {
  const t = type === 'directory' ? 'd' : type === 'symlink' ? 'l' : type === 'file' || type === 'hardlink' ? '-' : '?';
  const bits = ['r', 'w', 'x'];
  let s = t;
  for (let i = 8; i >= 0; i--) s += mode & (1 << i) ? bits[(8 - i) % 3] : '-';
  return s;
}
