import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { ContainerRow } from '../../../../shared/contract/containers';
import { errorMessage } from '../../../../shared/contract/errors';
import type { FileEntry, Listing, TextFile } from '../../../../shared/contract/files';
import { api } from '../../api/connection';
import { nav, useNav } from '../../app/navigation';
import { Dialog } from '../../components/Dialog';
import { usePersistentState } from '../../app/persisted';
import { DeleteIcon, DownloadIcon, RenameIcon, ViewIcon } from '../../components/icons';
import type { MenuEntry } from '../../components/menu/RowMenu';
import { DataTable } from '../../components/table/DataTable';
import { EMPTY_SELECTION, type Selection } from '../../components/table/selection';
import { DEFAULT_FILES_SORT, FILES_SORT_KEY, FILES_TABLE_KEY, fileColumns, fileGroup, isFilesSort } from './file-columns';
import { notify } from '../../components/notifications';
import { fromInput, takeDrop } from './dropped';
import { startDownload } from './download';
import { formatBytes } from '../../components/format';
import { useTransfers } from './transfers';
import { startUpload } from './upload-client';
import './files.css';

const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
const hasFiles = (dt: DataTransfer) => Array.from(dt.types ?? []).includes('Files');

/** The "Files" tab of a container's details: browse, upload (drop or pick), download, and manage files. */
export function FilesTab({ row }: { row: ContainerRow }) {
  // The folder lives in the address (`?path=/app`): a reload returns to it, Back goes to the folder before.
  const { params } = useNav();
  const [fallback, setFallback] = useState<string | null>(null);
  const path = params.path?.startsWith('/') ? params.path : fallback;
  const setPath = (p: string) => nav.setParam('path', p);
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [command, setCommand] = useState('');
  const [wait, setWait] = useState(true);
  const [dropping, setDropping] = useState<string | null>(null);
  const [dialog, setDialog] = useState<
    null | { kind: 'mkdir' } | { kind: 'rename'; entry: FileEntry } | { kind: 'delete'; entries: FileEntry[] } | { kind: 'view'; file: TextFile }
  >(null);
  const [sort, setSort] = usePersistentState(FILES_SORT_KEY, 'local', isFilesSort, DEFAULT_FILES_SORT);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const fileInput = useRef<HTMLInputElement>(null);
  // Drag-out tickets, fetched on mouse down: dragstart must set its data synchronously.
  const dragTickets = useRef(new Map<string, { filename: string; url: string; zip: boolean }>());
  const prefetchDrag = (full: string, zip: boolean) => {
    if (dragTickets.current.has(full)) return;
    api.call('files.download', { id: row.id, path: full, asZip: zip }).then(
      (t) => dragTickets.current.set(full, { filename: t.filename, url: new URL(t.url, location.href).href, zip }),
      () => {},
    );
  };
  const folderInput = useRef<HTMLInputElement>(null);
  const running = row.state === 'running';
  // The columns are made once; opening a folder reads the folder shown through this.
  const listingPathRef = useRef('/');
  const columns = useMemo(() => fileColumns((e) => nav.setParam('path', join(listingPathRef.current, e.name))), []);

  useEffect(() => {
    let live = true;
    api.call('files.defaultTarget', { id: row.id }).then(
      (r) => live && setFallback(r.path),
      () => live && setFallback('/'),
    );
    return () => {
      live = false;
    };
  }, [row.id]);

  const load = useCallback(
    async (p: string) => {
      setLoading(true);
      try {
        setListing(await api.call('files.list', { id: row.id, path: p }));
        setError(null);
      } catch (e) {
        setError(errorMessage(e));
        setListing(null);
      } finally {
        setLoading(false);
      }
    },
    [row.id],
  );
  useEffect(() => {
    if (path) void load(path);
  }, [path, load]);
  // A selection belongs to a folder: another folder starts with none.
  useEffect(() => setSelection(EMPTY_SELECTION), [path, row.id]);
  if (listing) listingPathRef.current = listing.path;
  // Names (the rows' ids) that are in the listing now; one removed elsewhere drops out of the selection.
  const selectedEntries = listing ? listing.entries.filter((e) => selection.ids.has(e.name)) : [];

  // Reload when an upload into this container finishes.
  const list = useTransfers();
  const doneCount = list.filter((t) => t.kind === 'upload' && t.container === row.id && t.state === 'done').length;
  useEffect(() => {
    if (path && doneCount) void load(path);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doneCount]);

  const upload = (target: string, picked: Parameters<typeof startUpload>[0]) =>
    startUpload(picked, { container: row.id, containerName: row.name, target, ...(command.trim() ? { command: command.trim(), wait } : {}) });

  const onDrop = (target: string) => (e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.stopPropagation();
    setDropping(null);
    const read = takeDrop(e.dataTransfer);
    void read().then((picked) => upload(target, picked), (err: unknown) => notify('error', errorMessage(err)));
  };
  const onOver = (target: string) => (e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
    setDropping(target);
  };

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setDialog(null);
      if (path) await load(path);
    } catch (e) {
      notify('error', errorMessage(e));
    }
  };

  const view = (full: string) =>
    void api.call('files.readText', { id: row.id, path: full }).then(
      (file) => setDialog({ kind: 'view', file }),
      (err: unknown) => notify('error', errorMessage(err)),
    );
  const entriesFor = (e: FileEntry, full: string): MenuEntry[] => [
    ...(e.type === 'file'
      ? [
          { id: 'view', label: 'View', icon: <ViewIcon />, run: () => view(full) },
          { id: 'download', label: 'Download', icon: <DownloadIcon />, run: () => void startDownload(row.id, full, false) },
        ]
      : []),
    ...(e.type === 'directory' ? [{ id: 'zip', label: 'Download as zip', icon: <DownloadIcon />, run: () => void startDownload(row.id, full, true) }] : []),
    { id: 'rename', label: 'Rename', icon: <RenameIcon />, run: () => setDialog({ kind: 'rename', entry: e }) },
    { id: 'delete', label: 'Delete', icon: <DeleteIcon />, danger: true, separated: true, run: () => setDialog({ kind: 'delete', entries: [e] }) },
  ];

  const rowAttrs = (e: FileEntry, full: string) => {
    const isDir = e.type === 'directory';
    return {
      'aria-label': e.name,
      draggable: e.type === 'file' || isDir,
      onMouseDown: () => (e.type === 'file' || isDir) && prefetchDrag(full, isDir),
      onDragStart: (ev: DragEvent) => {
        // Chromium (the browser and Electron) saves a DownloadURL dropped on the desktop as a file.
        const t = dragTickets.current.get(full);
        if (t) {
          ev.dataTransfer.setData('DownloadURL', `${t.zip ? 'application/zip' : 'application/octet-stream'}:${t.filename}:${t.url}`);
          dragTickets.current.delete(full);
        }
        ev.dataTransfer.setData('text/plain', full);
        ev.dataTransfer.effectAllowed = 'copy';
      },
      ...(isDir ? { onDragEnter: onOver(full), onDragOver: onOver(full), onDrop: onDrop(full) } : {}),
    };
  };

  if (!path) return <p className="muted">Loading…</p>;
  const crumbs = path.split('/').filter(Boolean);

  return (
    <div
      className={`files-tab ${dropping === path ? 'drop-target' : ''}`}
      onDragEnter={onOver(path)}
      onDragOver={onOver(path)}
      onDragLeave={() => setDropping(null)}
      onDrop={onDrop(path)}
    >
      <nav className="files-breadcrumbs" aria-label="Folder path">
        <ol>
          <li>
            <button type="button" onClick={() => setPath('/')} aria-label="Root folder" aria-current={path === '/' ? 'location' : undefined}>
              /
            </button>
          </li>
          {crumbs.map((c, i) => {
            const p = `/${crumbs.slice(0, i + 1).join('/')}`;
            return (
              <li key={p}>
                <button type="button" onClick={() => setPath(p)} aria-current={p === path ? 'location' : undefined}>
                  {c}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      <div className="toolbar">
        <button type="button" onClick={() => fileInput.current?.click()}>
          Upload files
        </button>
        <button type="button" onClick={() => folderInput.current?.click()}>
          Upload folder
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'mkdir' })}>
          New folder
        </button>
        <button type="button" aria-label={`Download ${path} as zip`} onClick={() => void startDownload(row.id, path, true)}>
          Download as zip
        </button>
        <button type="button" onClick={() => void load(path)} disabled={loading}>
          Refresh
        </button>
        {selectedEntries.length > 0 && (
          <button type="button" className="danger" onClick={() => setDialog({ kind: 'delete', entries: selectedEntries })}>
            Delete {selectedEntries.length} selected
          </button>
        )}
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          onChange={(e) => {
            if (e.target.files?.length) upload(path, fromInput(e.target.files));
            e.target.value = '';
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          aria-label="Folder to upload"
          {...({ webkitdirectory: '' } as Record<string, string>)}
          onChange={(e) => {
            if (e.target.files?.length) upload(path, fromInput(e.target.files));
            e.target.value = '';
          }}
        />
      </div>
      <div className="files-run">
        <label>
          Command to run after upload{' '}
          <input type="text" value={command} placeholder={running ? 'e.g. python boot.py' : 'the container must be running'} disabled={!running} onChange={(e) => setCommand(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={wait} disabled={!running} onChange={(e) => setWait(e.target.checked)} /> Wait for it and show its output
        </label>
        <span className="muted">Drop files, folders or a .zip here or on a folder.</span>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {listing && (
        <DataTable<FileEntry>
          label={`Files in ${listing.path}`}
          noun="entries"
          storageKey={FILES_TABLE_KEY}
          rows={listing.entries}
          rowId={(e) => e.name}
          rowName={(e) => e.name}
          columns={columns}
          group={fileGroup}
          sort={sort}
          onSortChange={setSort}
          selection={selection}
          onSelectionChange={setSelection}
          onOpen={(e) => {
            const full = join(listing.path, e.name);
            if (e.type === 'directory') setPath(full);
            else if (e.type === 'file') view(full);
          }}
          menu={(e) => entriesFor(e, join(listing.path, e.name))}
          rowAttrs={(e) => rowAttrs(e, join(listing.path, e.name))}
          rowClassName={(e) => (dropping === join(listing.path, e.name) ? 'drop-target' : '')}
          rowVersion={(e) => (dropping === join(listing.path, e.name) ? 'drop' : '')}
          empty={<p className="empty">This folder is empty.</p>}
        />
      )}
      {dialog?.kind === 'mkdir' && (
        <NameDialog title="New folder" label="Folder name" submit="Create" initial="" onClose={() => setDialog(null)} onSubmit={(name) => act(() => api.call('files.mkdir', { id: row.id, path: join(path, name) }))} />
      )}
      {dialog?.kind === 'rename' && (
        <NameDialog
          title={`Rename ${dialog.entry.name}`}
          label="New name"
          submit="Rename"
          initial={dialog.entry.name}
          onClose={() => setDialog(null)}
          onSubmit={(name) => act(() => api.call('files.rename', { id: row.id, from: join(path, dialog.entry.name), to: join(path, name) }))}
        />
      )}
      {dialog?.kind === 'delete' && (
        <Dialog
          title={dialog.entries.length === 1 ? `Delete ${dialog.entries[0]!.name}?` : `Delete ${dialog.entries.length} items?`}
          onClose={() => setDialog(null)}
          actions={
            <>
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    await api.call('files.remove', { id: row.id, paths: dialog.entries.map((e) => join(path, e.name)) });
                    setSelection(EMPTY_SELECTION);
                  })
                }
              >
                Delete
              </button>
              <button type="button" onClick={() => setDialog(null)}>
                Keep
              </button>
            </>
          }
        >
          {dialog.entries.length === 1 ? (
            <p>
              {dialog.entries[0]!.type === 'directory' ? 'The folder and everything in it' : 'The file'} will be removed from {row.name}. This cannot be undone.
            </p>
          ) : (
            <>
              <p>These will be removed from {row.name}, folders with everything in them. This cannot be undone.</p>
              <ul className="files-delete-list">
                {dialog.entries.map((e) => (
                  <li key={e.name}>{e.name}</li>
                ))}
              </ul>
            </>
          )}
        </Dialog>
      )}
      {dialog?.kind === 'view' && (
        <Dialog title={dialog.file.path} wide onClose={() => setDialog(null)} actions={<button type="button" onClick={() => setDialog(null)}>Close</button>}>
          {dialog.file.binary ? (
            <p className="muted">This file is not text ({formatBytes(dialog.file.size)}). Download it instead.</p>
          ) : (
            <pre className="files-viewer" aria-label={`Contents of ${dialog.file.path}`}>
              {dialog.file.text}
            </pre>
          )}
          {dialog.file.truncated && <p className="muted">Showing the first {formatBytes(dialog.file.text.length)} of {formatBytes(dialog.file.size)}.</p>}
        </Dialog>
      )}
    </div>
  );
}

function NameDialog(props: { title: string; label: string; submit: string; initial: string; onClose(): void; onSubmit(name: string): Promise<void> }) {
  const [name, setName] = useState(props.initial);
  const bad = !name || name.includes('/') || name === '.' || name === '..';
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      actions={
        <>
          <button type="submit" form="files-name-form" disabled={bad}>
            {props.submit}
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form
        id="files-name-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!bad) void props.onSubmit(name);
        }}
      >
        <label className="field">
          {props.label}
          <input type="text" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
        </label>
        {bad && name && <p className="error-text">A name cannot contain "/" or be "." or "..".</p>}
      </form>
    </Dialog>
  );
}
