import { z } from 'zod';
import type { FileEntry } from '../../../../shared/contract/files';
import { FileIcon, FolderIcon, SymlinkIcon } from '../../components/icons';
import { formatBytes } from '../../components/format';
import type { SortState, TableColumn } from '../../components/table/DataTable';

export const FILES_TABLE_KEY = 'berth.table.files';
export const FILES_SORT_KEY = 'berth.table.files.sort';
export const DEFAULT_FILES_SORT: SortState = { id: 'name', desc: false };

const SortShape = z.object({ id: z.enum(['name', 'size', 'mode', 'owner', 'modified']), desc: z.boolean() });
export const isFilesSort = (v: unknown): v is SortState => SortShape.safeParse(v).success;

/** Folders come before files and links whichever way the list is sorted. */
export const fileGroup = (e: FileEntry) => (e.type === 'directory' ? 0 : 1);

const owner = (e: FileEntry) => e.owner ?? `${e.uid}:${e.gid}`;
const shortTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** The Files tab's columns; Mode and Owner make way when the pane is narrow. */
export function fileColumns(openFolder: (e: FileEntry) => void): TableColumn<FileEntry>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      size: 120,
      minSize: 90,
      required: true,
      rowHeader: true,
      grow: true,
      sortValue: (e) => e.name,
      cell: (e) =>
        e.type === 'directory' ? (
          <button type="button" className="files-name-button" aria-label={`Open folder ${e.name}`} title={e.name} onClick={() => openFolder(e)}>
            <FolderIcon className="file-icon" /> <span className="files-name-text">{e.name}</span>
          </button>
        ) : (
          <span className="files-name" title={e.linkTarget ? `${e.name} → ${e.linkTarget}` : e.name}>
            {e.type === 'symlink' ? <SymlinkIcon className="file-icon" /> : <FileIcon className="file-icon" />}{' '}
            <span className="files-name-text">
              {e.name}
              {e.linkTarget ? <span className="muted"> → {e.linkTarget}</span> : null}
            </span>
          </span>
        ),
    },
    {
      id: 'size',
      header: 'Size',
      size: 72,
      minSize: 56,
      className: 'num',
      // A folder's own size says nothing about what is in it: folders sort by name among themselves.
      sortValue: (e) => (e.type === 'directory' ? null : e.size),
      cell: (e) => (e.type === 'directory' ? '' : formatBytes(e.size)),
    },
    { id: 'mode', header: 'Mode', size: 96, optional: true, sortValue: (e) => e.modeText, cell: (e) => <code>{e.modeText}</code> },
    { id: 'owner', header: 'Owner', size: 84, optional: true, sortValue: owner, cell: owner },
    {
      id: 'modified',
      header: 'Modified',
      size: 140,
      minSize: 80,
      sortValue: (e) => e.modified,
      cell: (e) => (e.modified ? <span title={new Date(e.modified).toLocaleString()}>{shortTime.format(e.modified)}</span> : ''),
    },
  ];
}
