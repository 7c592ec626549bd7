/**
 * A minimal tar writer (USTAR headers, PAX records for long or non-ASCII names
 * and huge sizes). Ours rather than tar-stream's for the hot path: tar-stream's
 * streamx packs hand data on in 16 KiB pieces through an async bridge, which
 * ran at a third of the engine's speed here.
 */
export interface TarHeader {
  name: string;
  type: 'file' | 'directory' | 'link' | 'symlink';
  size?: number;
  mode: number;
  mtime?: Date;
  linkname?: string;
}

const TYPEFLAG = { file: '0', link: '1', symlink: '2', directory: '5' } as const;
const MAX_OCTAL_11 = 8 ** 11 - 1;

function octal(buf: Buffer, value: number, offset: number, width: number): void {
  buf.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width, 'ascii');
}

function rawHeader(name: string, typeflag: string, size: number, mode: number, mtime: number, linkname: string): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, 'utf8');
  octal(b, mode & 0o7777, 100, 8);
  octal(b, 0, 108, 8);
  octal(b, 0, 116, 8);
  octal(b, Math.min(size, MAX_OCTAL_11), 124, 12);
  octal(b, Math.max(0, Math.floor(mtime)), 136, 12);
  b.write(typeflag, 156, 1, 'ascii');
  b.write(linkname, 157, 100, 'utf8');
  b.write('ustar\0', 257, 6, 'ascii');
  b.write('00', 263, 2, 'ascii');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += b[i]!;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return b;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${len}${body}`) !== len) len = Buffer.byteLength(`${len}${body}`);
  return `${len}${body}`;
}

const ASCII = /^[\x20-\x7e]*$/;

/** The header block(s) for one entry: a PAX extended header first when the name, link or size need it. */
export function tarHeader(h: TarHeader): Buffer {
  const size = h.type === 'file' ? (h.size ?? 0) : 0;
  const mtime = (h.mtime ?? new Date()).getTime() / 1000;
  const name = h.type === 'directory' && !h.name.endsWith('/') ? `${h.name}/` : h.name;
  const link = h.linkname ?? '';
  let pax = '';
  if (Buffer.byteLength(name) > 100 || !ASCII.test(name)) pax += paxRecord('path', name);
  if (Buffer.byteLength(link) > 100 || !ASCII.test(link)) pax += paxRecord('linkpath', link);
  if (size > MAX_OCTAL_11) pax += paxRecord('size', String(size));
  const main = rawHeader(ASCII.test(name) ? name.slice(0, 100) : 'pax-name', TYPEFLAG[h.type], size, h.mode, mtime, ASCII.test(link) ? link.slice(0, 100) : '');
  if (!pax) return main;
  const body = Buffer.from(pax, 'utf8');
  return Buffer.concat([rawHeader('PaxHeader', 'x', body.length, 0o644, mtime, ''), body, padding(body.length), main]);
}

export function padding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(1024);
