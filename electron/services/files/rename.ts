import tar from 'tar-stream';
import { BerthError } from '../../../shared/contract/errors';
import { ContainerFs, statType } from './container-fs';
import { splitContainerPath } from './names';
import { toNode } from './tar-build';

function relTo(base: string, path: string): string {
  return base === '/' ? path.slice(1) : path.slice(base.length + 1);
}

function commonDir(a: string, b: string): string {
  const pa = a.split('/').filter(Boolean);
  const pb = b.split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < Math.min(pa.length, pb.length) - 1; i++) {
    if (pa[i] !== pb[i]) break;
    out.push(pa[i]!);
  }
  return `/${out.join('/')}`;
}

/**
 * Renames (moves) a path with the archive API alone, so stopped containers
 * and images without a shell work: the new name is created as hard links to
 * the old files (no data copied; folders are recreated, symlinks copied as
 * links), then the old name is removed. Hard links need one file system: a
 * move across mounts fails with the engine's error and changes nothing but
 * what the engine managed to link.
 */
export async function linkTree(fs: ContainerFs, src: string, dst: string): Promise<void> {
  if (src === dst) return;
  const srcParts = splitContainerPath(src);
  const dstParts = splitContainerPath(dst);
  if (!srcParts || !dstParts) throw new BerthError('invalid-input', 'The root folder cannot be renamed.', { field: 'from' });
  if (dst.startsWith(`${src}/`)) throw new BerthError('invalid-input', 'A folder cannot be moved into itself.', { field: 'to' });
  const st = await fs.stat(src);
  if (!st) throw new BerthError('not-found', `There is nothing at ${src}.`, { field: 'from' });
  await fs.requireDir(dstParts.parent, 'to');
  if (await fs.stat(dst)) throw new BerthError('conflict', `${dst} already exists.`, { field: 'to' });

  const base = commonDir(src, dst);
  const type = statType(st.mode);
  const pack = tar.pack();
  const dstRel = relTo(base, dst);
  const srcRel = relTo(base, src);
  const perm = st.mode % 0o10000;
  if (type === 'file') {
    pack.entry({ name: dstRel, type: 'link', linkname: srcRel, mode: perm });
  } else if (type === 'symlink') {
    pack.entry({ name: dstRel, type: 'symlink', linkname: st.linkTarget, mode: 0o777 }, Buffer.alloc(0));
  } else if (type === 'directory') {
    pack.entry({ name: `${dstRel}/`, type: 'directory', mode: perm });
    // The engine names entries "<src base>/<rel>"; its own hard links point at such names too.
    const srcParentRel = relTo(base, srcParts.parent);
    const fromArchive = (name: string) => (srcParentRel ? `${srcParentRel}/${name}` : name);
    const entries: Array<{ rel: string; h: tar.Header }> = [];
    await fs.walk(src, (rel, h) => entries.push({ rel, h }));
    for (const { rel, h } of entries) {
      const name = `${dstRel}/${rel}`;
      const mode = (h.mode ?? 0o644) & 0o7777;
      if (h.type === 'directory') pack.entry({ name: `${name}/`, type: 'directory', mode, mtime: h.mtime });
      else if (h.type === 'file' || h.type === 'contiguous-file') pack.entry({ name, type: 'link', linkname: `${srcRel}/${rel}`, mode });
      else if (h.type === 'symlink') pack.entry({ name, type: 'symlink', linkname: h.linkname ?? '', mode: 0o777 }, Buffer.alloc(0));
      else if (h.type === 'link') pack.entry({ name, type: 'link', linkname: fromArchive(h.linkname ?? ''), mode });
      else throw new BerthError('unsupported', `${src}/${rel} is a special file; Berth cannot move it without a shell.`, { field: 'from' });
    }
  } else {
    throw new BerthError('unsupported', `${src} is a special file; Berth cannot move it without a shell.`, { field: 'from' });
  }
  pack.finalize();
  await fs.put(base, toNode(pack));
  await fs.remove(src);
}
