import type { DiskCategory, DiskUsage, StoppedContainer, WorkspaceFolder } from '../../../../shared/contract/health';
import { formatBytes } from '../../components/format';
import type { SortState, TableColumn } from '../../components/table/DataTable';

export interface DiskRow extends DiskCategory {
  kind: string;
}

export const diskRows = (d: DiskUsage): DiskRow[] => [
  { kind: 'Images', ...d.images },
  { kind: 'Containers', ...d.containers },
  { kind: 'Volumes', ...d.volumes },
  { kind: 'Build cache', ...d.buildCache },
];

/** What takes the most room first. */
export const DEFAULT_DISK_SORT: SortState = { id: 'size', desc: true };
export const DEFAULT_NAME_SORT: SortState = { id: 'name', desc: false };

export const diskColumns: TableColumn<DiskRow>[] = [
  { id: 'kind', header: 'Kind', size: 150, required: true, rowHeader: true, grow: true, sortValue: (r) => r.kind, cell: (r) => r.kind },
  { id: 'count', header: 'Count', size: 96, className: 'num', sortValue: (r) => r.count, cell: (r) => r.count },
  { id: 'size', header: 'Size', size: 120, className: 'num', sortValue: (r) => r.size, cell: (r) => formatBytes(r.size) },
  { id: 'reclaimable', header: 'Reclaimable', size: 130, className: 'num', sortValue: (r) => r.reclaimable, cell: (r) => formatBytes(r.reclaimable) },
];

export const folderColumns: TableColumn<WorkspaceFolder>[] = [
  { id: 'name', header: 'Folder', size: 200, required: true, rowHeader: true, sortValue: (w) => w.name, cell: (w) => <span title={w.name}>{w.name}</span> },
  { id: 'path', header: 'Path', size: 320, grow: true, sortValue: (w) => w.path, cell: (w) => <span title={w.path}>{w.path}</span> },
];

export const stoppedColumns: TableColumn<StoppedContainer>[] = [
  { id: 'name', header: 'Name', size: 200, required: true, rowHeader: true, sortValue: (s) => s.name, cell: (s) => <span title={s.name}>{s.name}</span> },
  { id: 'image', header: 'Image', size: 200, sortValue: (s) => s.image, cell: (s) => <span title={s.image}>{s.image}</span> },
  { id: 'status', header: 'Status', size: 200, grow: true, sortValue: (s) => s.status, cell: (s) => s.status },
];
