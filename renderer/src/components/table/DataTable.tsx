import {
  columnOrderingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type SortFn,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { ContextMenuArea, MoreActionsMenu, type MenuEntry } from '../menu/RowMenu';
import { ColumnChooser } from './ColumnChooser';
import { fitColumns, loadColumnState, saveColumnState, type ColumnSpec, type ColumnState } from './column-state';
import { compareValues, type SortValue } from './natural-sort';
import { clickSelect, moveIndex, selectAll, toggleOne, type Selection } from './selection';
import './table.css';

/**
 * The one table of the app: headless state (sorting, column order,
 * visibility and sizes) from TanStack Table, rows virtualised with TanStack
 * Virtual, semantics and interaction ours. Pages declare columns and row
 * actions; they never write <table><thead> themselves.
 */

/** Row height in px; rows are fixed-height so the virtualiser needs no measuring. */
const ROW_HEIGHT = 44;
/** Rows rendered beyond the viewport on each side: smooth scrolling, and still ~40 rows in the DOM. */
const OVERSCAN = 8;
/** Width of the selection checkbox column. */
const SELECT_WIDTH = 36;
/** Keyboard resize step of a column, px. */
const RESIZE_STEP = 16;

export interface TableColumn<T> extends ColumnSpec {
  header: string;
  cell(row: T): ReactNode;
  /** What the column sorts by; every column should have one. */
  sortValue?(row: T): SortValue;
  className?: string;
  /** The cell is the row's header (its name): read first, kept in view when scrolling sideways. */
  rowHeader?: boolean;
  /** Takes the width the other columns leave (never less than `size`), so the table fills its place. */
  grow?: boolean;
}

export interface SortState {
  id: string;
  desc: boolean;
}

export interface DataTableProps<T> {
  /** The table's accessible name, e.g. "Containers". */
  label: string;
  /** Where the column layout is remembered; one key per table. */
  storageKey: string;
  rows: T[];
  rowId(row: T): string;
  /** How a row is named in selection checkboxes and tooltips. */
  rowName(row: T): string;
  columns: TableColumn<T>[];
  sort: SortState;
  onSortChange(sort: SortState): void;
  /** Without both, rows are not selectable: no checkboxes, no Ctrl+A, Space does nothing. */
  selection?: Selection;
  onSelectionChange?(sel: Selection): void;
  /** Enter on a row (none: Enter does nothing there). */
  onOpen?(row: T): void;
  /** Rows fall in groups shown in this order whatever the sort (folders before files); within a group the sort applies. */
  group?(row: T): number;
  /** Rows differ in height (wrapped text, details opened in a row) and are measured rather than assumed 44 px. */
  measured?: boolean;
  /** The compact actions at the row's end (icon buttons). */
  rowActions?(row: T): ReactNode;
  /** Width of the actions column, px (the compact actions plus the "More actions" button). */
  actionsWidth?: number;
  /** The "More actions" menu, also on right-click and the context-menu key. */
  menu?(row: T): MenuEntry[];
  /** Extra attributes of a row's <tr> (drag and drop, data-state…). */
  rowAttrs?(row: T): HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | undefined };
  rowClassName?(row: T): string;
  /** A row re-renders when its data object, selection or this string change; include whatever else its cells show. */
  rowVersion?(row: T): string;
  /** Shown under the header when there are no rows. */
  empty?: ReactNode;
  /** The noun for the select-all checkbox: "Select all 3 shown containers". */
  noun: string;
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  columnVisibilityFeature,
  columnOrderingFeature,
  columnSizingFeature,
});
type Features = typeof features;

/** The page's storage, or none where reading it is refused (sandboxed frames, some private modes). */
function pageStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

const NO_SELECTION: Selection = { ids: new Set(), anchor: null };

const isInteractive = (t: EventTarget | null) =>
  t instanceof Element && t.closest('button, a, input, select, textarea, label, summary, [role="menuitem"], [role="separator"]') !== null;

export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { columns, rowId } = props;
  const storage = useMemo(pageStorage, []);
  const [layout, setLayoutState] = useState<ColumnState>(() => loadColumnState(storage, props.storageKey, columns));
  const setLayout = useCallback(
    (next: ColumnState) => {
      setLayoutState(next);
      saveColumnState(storage, props.storageKey, next);
    },
    [props.storageKey, storage],
  );
  const [choosing, setChoosing] = useState(false);

  const tieBreak = columns.find((c) => c.rowHeader) ?? columns[0];
  const defs = useMemo<Array<ColumnDef<Features, T>>>(
    () =>
      columns.map((c) => {
        const sortFn: SortFn<Features, T> = (a, b, id) =>
          compareValues(a.getValue<SortValue>(id), b.getValue<SortValue>(id)) ||
          (tieBreak?.sortValue ? compareValues(tieBreak.sortValue(a.original), tieBreak.sortValue(b.original)) : 0);
        return {
          id: c.id,
          header: c.header,
          accessorFn: (row: T) => c.sortValue?.(row) ?? null,
          enableSorting: c.sortValue !== undefined,
          enableHiding: !c.required,
          size: c.size,
          minSize: c.minSize,
          maxSize: c.maxSize,
          sortFn,
          sortUndefined: 'last',
        } as ColumnDef<Features, T>;
      }),
    [columns, tieBreak],
  );

  const columnVisibility = useMemo(() => Object.fromEntries(layout.hidden.map((id) => [id, false])), [layout.hidden]);
  const sorting = useMemo(() => [{ id: props.sort.id, desc: props.sort.desc }], [props.sort.id, props.sort.desc]);
  const table = useTable({
    features,
    columns: defs,
    data: props.rows,
    getRowId: (row) => rowId(row),
    state: { sorting, columnVisibility, columnOrder: layout.order, columnSizing: layout.sizes },
    // The state is ours (sort from the page, layout remembered here): the table only reads it.
    onSortingChange: () => undefined,
    onColumnVisibilityChange: () => undefined,
    onColumnOrderChange: () => undefined,
    onColumnSizingChange: () => undefined,
    enableSortingRemoval: false,
  });
  const sortedRows = table.getRowModel().rows;
  const group = props.group;
  // Array sort is stable: within a group the rows keep the table's order.
  const rows = useMemo(
    () => (group ? [...sortedRows].sort((a, b) => group(a.original) - group(b.original)) : sortedRows),
    [sortedRows, group],
  );
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  // Recomputed only when the layout changes, so rows can skip re-rendering while scrolling.
  const visible = useMemo(() => {
    const list = table
      .getVisibleLeafColumns()
      .map((col) => ({ spec: byId.get(col.id)!, size: col.getSize() }))
      .filter((c) => c.spec !== undefined);
    // The row header stays first so it can stay in view when scrolling sideways.
    return list.sort((a, b) => Number(b.spec.rowHeader ?? false) - Number(a.spec.rowHeader ?? false));
  }, [table, byId, layout]);
  const selectable = props.selection !== undefined && props.onSelectionChange !== undefined;
  const selectWidth = selectable ? SELECT_WIDTH : 0;
  const actionsWidth = props.actionsWidth ?? 48;
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  const fitted = fitColumns(visible, width - selectWidth - actionsWidth);
  const fittedIds = fitted.map((c) => c.spec.id).join('\n');
  // The same array while the same columns fit, so resizing the pane does not re-render every row.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const shown = useMemo(() => fitted, [visible, fittedIds]);
  const order = useMemo(() => rows.map((r) => r.id), [rows]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (i) => rows[i]!.id,
    indexAttribute: 'data-row-index',
  });
  const measure = props.measured ? virtualizer.measureElement : undefined;
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  const [activeId, setActiveId] = useState<string | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [contextEntries, setContextEntries] = useState<MenuEntry[] | null>(null);
  const edges = useScrollEdges(scrollRef);
  const [announcement, setAnnouncement] = useState('');

  const selection = props.selection ?? NO_SELECTION;
  const select = (sel: Selection) => props.onSelectionChange?.(sel);
  const selected = selection.ids;
  const shownSelected = order.reduce((n, id) => n + (selected.has(id) ? 1 : 0), 0);
  const allSelected = order.length > 0 && shownSelected === order.length;
  const someSelected = shownSelected > 0 && !allSelected;

  const focusRow = (index: number) => {
    const id = order[index];
    if (id === undefined) return;
    setActiveId(id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const rowEl = () => scrollRef.current?.querySelector<HTMLElement>(`tr[data-row-index="${index}"]`);
    // Focus at once when the row is drawn already: keys pressed faster than a frame (key repeat) then each
    // move from where the previous one went. A row scrolled into view is focused once it is drawn.
    const now = rowEl();
    if (now) now.focus({ preventScroll: true });
    else requestAnimationFrame(() => rowEl()?.focus({ preventScroll: true }));
  };

  const rowsById = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  const onRowClick = useCallback(
    (id: string, e: MouseEvent) => {
      if (isInteractive(e.target)) return;
      setActiveId(id);
      props.onSelectionChange?.(clickSelect(selection, order, id, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }));
    },
    [props, selection, order],
  );
  const onCheck = useCallback(
    (id: string, e: MouseEvent) => {
      setActiveId(id);
      props.onSelectionChange?.(e.shiftKey ? clickSelect(selection, order, id, { shift: true, toggle: true }) : toggleOne(selection, id));
    },
    [props, selection, order],
  );

  const onRowKey = (index: number, row: T, e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.target !== e.currentTarget) return;
    const id = order[index]!;
    if (e.key === 'Enter') {
      e.preventDefault();
      props.onOpen?.(row);
    } else if (e.key === ' ') {
      if (!selectable) return;
      e.preventDefault();
      select(toggleOne(selection, id));
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      setMenuFor(id);
    } else {
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
      const next = moveIndex(index, order.length, e.key, page);
      if (next === null) return;
      e.preventDefault();
      if (e.shiftKey) select(clickSelect(selection, order, order[next]!, { shift: true, toggle: false }));
      focusRow(next);
    }
  };

  const onTableKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (selectable && (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a' && !t.closest('input[type="text"], input[type="search"], textarea')) {
      e.preventDefault();
      select(selectAll(order));
    }
  };

  const onSort = (id: string, header: string) => {
    const desc = props.sort.id === id ? !props.sort.desc : false;
    props.onSortChange({ id, desc });
    setAnnouncement(`Sorted by ${header}, ${desc ? 'descending' : 'ascending'}`);
  };

  // Rows read the current props and handlers through this ref, so a row re-renders only when its own data changes.
  const live = useRef<RowLive<T>>(null!);
  live.current = { props, selectable, measure, onRowClick, onCheck, onKey: onRowKey, onMenu: (id, open) => setMenuFor(open ? id : null), onFocusRow: setActiveId };

  const resize = (id: string, size: number) => {
    const spec = byId.get(id);
    if (spec) setLayout({ ...layout, sizes: { ...layout.sizes, [id]: size } });
  };

  /** A page sideways, less the pinned parts (which do not move). */
  const scrollSideways = (dir: -1 | 1) => {
    const el = scrollRef.current;
    if (el) el.scrollBy({ left: dir * Math.max(80, el.clientWidth - pinnedLeft - actionsWidth - 40), behavior: 'smooth' });
  };
  const pinnedLeft = selectWidth + (shown[0]?.spec.rowHeader ? shown[0].size : 0);
  const totalWidth = selectWidth + shown.reduce((n, c) => n + c.size, 0) + actionsWidth;
  const colCount = shown.length + (selectable ? 2 : 1);
  const entriesAt = (target: EventTarget) => {
    if (!(target instanceof Element) || !props.menu) return null;
    const tr = target.closest<HTMLElement>('tr[data-row-id]');
    const row = tr ? rowsById.get(tr.dataset.rowId ?? '') : undefined;
    return row ? props.menu(row.original) : null;
  };

  return (
    <div
      className="data-table-wrap"
      data-more-left={edges.left || undefined}
      data-more-right={edges.right || undefined}
      style={{ ['--pinned-left' as string]: `${pinnedLeft}px`, ['--pinned-right' as string]: `${actionsWidth}px`, ['--select-width' as string]: `${selectWidth}px` }}
    >
      <ContextMenuArea entriesAt={entriesAt} label={`${props.label}: row actions`} entries={contextEntries} onTarget={setContextEntries}>
        <div className="table-scroll" ref={scrollRef} onKeyDown={onTableKey}>
          <table className={`data-table${props.measured ? ' measured' : ''}`} aria-label={props.label} aria-rowcount={rows.length + 1} style={{ width: totalWidth }}>
            <colgroup>
              {selectable && <col style={{ width: SELECT_WIDTH }} />}
              {shown.map((c) => (
                // A growing column has no width of its own: the fixed layout gives it what the others leave.
                <col key={c.spec.id} style={c.spec.grow ? undefined : { width: c.size }} />
              ))}
              <col style={{ width: actionsWidth }} />
            </colgroup>
            <thead>
              <tr aria-rowindex={1}>
                {selectable && (
                  <th scope="col" className="select pin-left">
                    <input
                      type="checkbox"
                      aria-label={`Select all ${order.length} shown ${props.noun}`}
                      checked={allSelected}
                      ref={(el) => {
                        if (el) el.indeterminate = someSelected;
                      }}
                      onChange={(e) => select(e.target.checked ? selectAll(order) : { ids: new Set(), anchor: null })}
                    />
                  </th>
                )}
                {shown.map((c, i) => {
                  const sorted = props.sort.id === c.spec.id;
                  const sortable = c.spec.sortValue !== undefined;
                  return (
                    <th
                      key={c.spec.id}
                      scope="col"
                      // Named by its header alone: the resize handle inside has a name of its own.
                      aria-label={c.spec.header}
                      className={`${i === 0 && c.spec.rowHeader ? 'pin-name' : ''} ${c.spec.className ?? ''}`}
                      aria-sort={sortable ? (sorted ? (props.sort.desc ? 'descending' : 'ascending') : 'none') : undefined}
                    >
                      {sortable ? (
                        <button type="button" className="sort" onClick={() => onSort(c.spec.id, c.spec.header)}>
                          <span className="sort-label">{c.spec.header}</span>
                          <SortMark state={sorted ? (props.sort.desc ? 'desc' : 'asc') : 'none'} />
                        </button>
                      ) : (
                        <span className="sort-label">{c.spec.header}</span>
                      )}
                      <ResizeHandle spec={c.spec} size={c.size} onResize={(s) => resize(c.spec.id, s)} />
                    </th>
                  );
                })}
                <th scope="col" className="actions pin-right">
                  <span className="visually-hidden">Actions</span>
                  {/* Laid over the headers beside when wider than the column: it never widens what scrolls. */}
                  <span className="head-actions">
                    {(edges.left || edges.right) && (
                      <span className="sideways">
                        <button type="button" className="icon-action" aria-label="Scroll columns left" data-tip="More columns to the left" disabled={!edges.left} onClick={() => scrollSideways(-1)}>
                          <ChevronLeft aria-hidden="true" size={16} />
                        </button>
                        <button type="button" className="icon-action" aria-label="Scroll columns right" data-tip="More columns to the right" disabled={!edges.right} onClick={() => scrollSideways(1)}>
                          <ChevronRight aria-hidden="true" size={16} />
                        </button>
                      </span>
                    )}
                    <button type="button" className="icon-action" aria-label="Choose columns" data-tip="Show, hide, order and size columns" onClick={() => setChoosing(true)}>
                      <ColumnsIcon />
                    </button>
                  </span>
                </th>
              </tr>
            </thead>
            <tbody>
              {padTop > 0 && (
                <tr aria-hidden="true" className="spacer">
                  <td style={{ height: padTop }} colSpan={colCount} />
                </tr>
              )}
              {items.map((v) => {
                const r = rows[v.index]!;
                const tabbable = r.id === activeId || (activeId === null || !rowsById.has(activeId) ? v.index === items[0]?.index : false);
                return (
                  <BodyRow<T>
                    key={r.id}
                    id={r.id}
                    original={r.original}
                    index={v.index}
                    columns={shown}
                    selected={selected.has(r.id)}
                    tabbable={tabbable}
                    menuOpen={menuFor === r.id}
                    version={props.rowVersion?.(r.original) ?? ''}
                    live={live}
                  />
                );
              })}
              {padBottom > 0 && (
                <tr aria-hidden="true" className="spacer">
                  <td style={{ height: padBottom }} colSpan={colCount} />
                </tr>
              )}
            </tbody>
          </table>
          {rows.length === 0 && props.empty}
        </div>
      </ContextMenuArea>
      <span className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </span>
      {choosing && (
        <ColumnChooser
          title={`Columns of ${props.label}`}
          columns={columns}
          state={layout}
          onChange={setLayout}
          onClose={() => setChoosing(false)}
        />
      )}
    </div>
  );
}

interface RowLive<T extends RowData> {
  props: DataTableProps<T>;
  selectable: boolean;
  measure: ((el: Element | null) => void) | undefined;
  onRowClick(id: string, e: MouseEvent): void;
  onCheck(id: string, e: MouseEvent): void;
  onKey(index: number, row: T, e: KeyboardEvent<HTMLTableRowElement>): void;
  onMenu(id: string, open: boolean): void;
  onFocusRow(id: string): void;
}

interface BodyRowProps<T extends RowData> {
  id: string;
  original: T;
  index: number;
  columns: Array<{ spec: TableColumn<T>; size: number }>;
  selected: boolean;
  tabbable: boolean;
  menuOpen: boolean;
  /** Changes when something outside the row's data changes how it looks (an action under way…). */
  version: string;
  live: { current: RowLive<T> };
}

function BodyRowImpl<T extends RowData>({ id, original, index, columns, selected, tabbable, menuOpen, live }: BodyRowProps<T>) {
  const { props, selectable, measure, onRowClick, onCheck, onKey, onMenu, onFocusRow } = live.current;
  const row = { id, original };
  const data = row.original;
  const name = props.rowName(data);
  const attrs = props.rowAttrs?.(data) ?? {};
  return (
    <tr
      {...attrs}
      ref={measure}
      data-row-id={row.id}
      data-row-index={index}
      aria-rowindex={index + 2}
      aria-selected={selectable ? selected : undefined}
      tabIndex={tabbable ? 0 : -1}
      className={`${selected ? 'selected' : ''} ${props.rowClassName?.(data) ?? ''}`}
      onMouseDown={(e) => {
        attrs.onMouseDown?.(e);
        // Clicking a row focuses it without the browser scrolling the wide row sideways, and Shift-click selects rows, not text.
        if (isInteractive(e.target) || e.button !== 0) return;
        // A row that can be dragged out keeps the press's default, which is what starts a drag; where rows
        // are not selected, the text is (a log's message is copied from the page).
        if (selectable && !e.currentTarget.draggable) e.preventDefault();
        e.currentTarget.focus({ preventScroll: true });
      }}
      onClick={(e) => onRowClick(row.id, e)}
      onKeyDown={(e) => onKey(index, data, e)}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocusRow(row.id);
      }}
    >
      {selectable && (
        <td className="select pin-left">
          <input type="checkbox" aria-label={`Select ${name}`} checked={selected} onChange={() => undefined} onClick={(e) => onCheck(row.id, e)} />
        </td>
      )}
      {columns.map((c, i) =>
        c.spec.rowHeader ? (
          <th key={c.spec.id} scope="row" className={`${i === 0 ? 'pin-name' : ''} ${c.spec.className ?? ''}`}>
            {c.spec.cell(data)}
          </th>
        ) : (
          <td key={c.spec.id} className={c.spec.className}>
            {c.spec.cell(data)}
          </td>
        ),
      )}
      <td className="actions pin-right">
        <div className="row-actions">
          {props.rowActions?.(data)}
          {props.menu && (
            <MoreActionsMenu
              entries={menuOpen ? props.menu(data) : []}
              label="More actions"
              tooltip={`More actions for ${name}`}
              open={menuOpen}
              onOpenChange={(open) => onMenu(id, open)}
            />
          )}
        </div>
      </td>
    </tr>
  );
}
// Scrolling re-renders the table; rows whose props are unchanged (data, selection, layout, version) are skipped.
const BodyRow = memo(BodyRowImpl) as typeof BodyRowImpl;

function SortMark({ state }: { state: 'asc' | 'desc' | 'none' }) {
  return (
    <span className={`sort-mark sort-${state}`} aria-hidden="true">
      {state === 'asc' ? '▲' : state === 'desc' ? '▼' : '↕'}
    </span>
  );
}

function ColumnsIcon() {
  return (
    <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <rect x="3" y="3" width="18" height="18" rx="2" />
      <path d="M9 3v18M15 3v18" />
    </svg>
  );
}

/** Drag the header's edge, or focus it and press the arrow keys. */
function ResizeHandle<T>({ spec, size, onResize }: { spec: TableColumn<T>; size: number; onResize(size: number): void }) {
  const start = useRef<{ x: number; size: number } | null>(null);
  const clamp = (s: number) => Math.max(spec.minSize ?? 48, Math.min(spec.maxSize ?? 800, Math.round(s)));
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${spec.header} column`}
      aria-valuenow={size}
      aria-valuemin={spec.minSize ?? 48}
      aria-valuemax={spec.maxSize ?? 800}
      tabIndex={0}
      className="resize-handle"
      onClick={(e) => e.stopPropagation()}
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { x: e.clientX, size };
      }}
      onPointerMove={(e) => {
        if (start.current) onResize(clamp(start.current.size + e.clientX - start.current.x));
      }}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          onResize(clamp(size + (e.key === 'ArrowRight' ? RESIZE_STEP : -RESIZE_STEP)));
        }
      }}
    />
  );
}

/** The element's inner width, 0 until first measured. */
function useWidth(ref: React.RefObject<HTMLDivElement | null>) {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setWidth(el.clientWidth);
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/** Whether content hides beyond the left or right edge: drawn as shadows so a sideways scroll is noticed. */
function useScrollEdges(ref: React.RefObject<HTMLDivElement | null>) {
  const [edges, setEdges] = useState({ left: false, right: false });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const left = el.scrollLeft > 1;
      // The table's own width: what overflows a header cell is not more columns.
      const content = el.firstElementChild instanceof HTMLElement ? el.firstElementChild.offsetWidth : el.scrollWidth;
      const right = el.scrollLeft + el.clientWidth < content - 1;
      setEdges((p) => (p.left === left && p.right === right ? p : { left, right }));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const ro = new ResizeObserver(update);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', update);
      ro.disconnect();
    };
  }, [ref]);
  return edges;
}

