/** A file taken from a drop or a picker, with its path relative to what was dropped. */
export interface PickedFile {
  path: string;
  file: File;
}

export interface Picked {
  files: PickedFile[];
  /** Folders with nothing inside, so they are created too. */
  folders: string[];
}

/**
 * Takes what was dropped. Must be called synchronously inside the drop event:
 * the DataTransfer's items are emptied once the event returns; the entries
 * taken here can be read later.
 */
export function takeDrop(dt: DataTransfer): () => Promise<Picked> {
  const entries: FileSystemEntry[] = [];
  const plain: File[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) plain.push(f);
    }
  }
  if (!entries.length && !plain.length) plain.push(...Array.from(dt.files ?? []));
  return async () => {
    const out: Picked = { files: plain.map((file) => ({ path: file.name, file })), folders: [] };
    for (const e of entries) await walk(e, '', out);
    return out;
  };
}

async function walk(entry: FileSystemEntry, prefix: string, out: Picked): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.files.push({ path, file });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  let count = 0;
  // readEntries returns batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    count += batch.length;
    for (const child of batch) await walk(child, path, out);
  }
  if (count === 0) out.folders.push(path);
}

/** Files from an <input type=file> (webkitRelativePath keeps folder structure when a folder was picked). */
export function fromInput(list: FileList): Picked {
  return { files: Array.from(list).map((file) => ({ path: file.webkitRelativePath || file.name, file })), folders: [] };
}

export function isZip(p: Picked): boolean {
  return p.files.length === 1 && p.folders.length === 0 && /\.zip$/i.test(p.files[0]!.file.name) && !p.files[0]!.path.includes('/');
}
