import type { ReactNode } from 'react';
import type { ContainerRow } from '../../../shared/contract/containers';

/**
 * Where features plug into the shell without the shell importing them by hand
 * in many places: each feature's `register.ts` pushes its entries here, and
 * renderer/src/features/index.ts imports every register.ts once.
 */
export interface AppView {
  id: string;
  /** The navigation button's accessible name, e.g. "Terminals". */
  label: string;
  render(): ReactNode;
}

export interface DetailTab {
  id: string;
  /** The tab's accessible name, e.g. "Logs". */
  label: string;
  render(container: ContainerRow): ReactNode;
  /** Shown only for some containers (e.g. running ones). */
  visible?(container: ContainerRow): boolean;
}

export interface RowAction {
  id: string;
  /** The button's accessible name inside the row, e.g. "Terminal". */
  label: string;
  visible?(row: ContainerRow): boolean;
  run(row: ContainerRow): void;
}

export interface SelectionAction {
  id: string;
  /** The batch toolbar button's accessible name, e.g. "Run command". */
  label: string;
  run(rows: ContainerRow[]): void;
}

export interface ToolbarAction {
  id: string;
  /** e.g. "New container". */
  label: string;
  run(): void;
}

/** Something dropped on a container's row (files from the desktop, a zip…). */
export interface RowDropHandler {
  id: string;
  accepts(dt: DataTransfer): boolean;
  drop(row: ContainerRow, dt: DataTransfer): void;
}

/** An extra column of the containers table (e.g. CPU and memory). Cells mount only for visible rows. */
export interface TableColumn {
  id: string;
  header: string;
  /** CSS width, e.g. '90px'. */
  width: string;
  render(row: ContainerRow): ReactNode;
  /** What the column sorts by (every column of the table can be sorted). */
  sortValue?(row: ContainerRow): string | number | null;
}

export const extensions = {
  columns: [] as TableColumn[],
  views: [] as AppView[],
  detailTabs: [] as DetailTab[],
  rowActions: [] as RowAction[],
  selectionActions: [] as SelectionAction[],
  toolbarActions: [] as ToolbarAction[],
  rowDrop: [] as RowDropHandler[],
  /** Elements mounted once at the app's root (dialogs, the transfers list…). */
  overlays: [] as Array<{ id: string; render(): ReactNode }>,
};
