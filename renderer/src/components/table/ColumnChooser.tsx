import { ArrowDown, ArrowUp } from 'lucide-react';
import { Dialog } from '../Dialog';
import { clampSize, defaultColumnState, moveColumn, normalizeColumnState, setHidden, type ColumnSpec, type ColumnState } from './column-state';

/** Show, hide, reorder and size a table's columns; every change applies (and is remembered) at once. */
export function ColumnChooser<C extends ColumnSpec & { header: string; rowHeader?: boolean; optional?: boolean; grow?: boolean }>(props: {
  title: string;
  columns: C[];
  state: ColumnState;
  onChange(state: ColumnState): void;
  onClose(): void;
}) {
  const byId = new Map(props.columns.map((c) => [c.id, c]));
  const fixed = new Set(props.columns.filter((c) => c.rowHeader).map((c) => c.id));
  const hidden = new Set(props.state.hidden);
  const order = props.state.order.filter((id) => byId.has(id));
  const apply = (next: ColumnState) => props.onChange(normalizeColumnState(next, props.columns));
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      actions={
        <>
          <button type="button" onClick={() => apply(defaultColumnState(props.columns))}>
            Reset columns
          </button>
          <button type="button" className="primary" onClick={props.onClose}>
            Done
          </button>
        </>
      }
    >
      <ul className="column-chooser">
        {order.map((id, i) => {
          const c = byId.get(id)!;
          const movable = !fixed.has(id);
          return (
            <li key={id}>
              <label>
                <input
                  type="checkbox"
                  checked={!hidden.has(id)}
                  disabled={c.required}
                  onChange={(e) => apply(setHidden(props.state, id, !e.target.checked))}
                />
                {c.header}
                {c.optional && <span className="muted"> (when there is room)</span>}
              </label>
              <button
                type="button"
                className="icon-action"
                aria-label={`Move ${c.header} earlier`}
                disabled={!movable || i === 0 || fixed.has(order[i - 1]!)}
                onClick={() => apply(moveColumn(props.state, id, -1, fixed))}
              >
                <ArrowUp aria-hidden="true" size={16} />
              </button>
              <button
                type="button"
                className="icon-action"
                aria-label={`Move ${c.header} later`}
                disabled={!movable || i === order.length - 1}
                onClick={() => apply(moveColumn(props.state, id, 1, fixed))}
              >
                <ArrowDown aria-hidden="true" size={16} />
              </button>
              <label className="width">
                <span className="visually-hidden">
                  {c.grow ? 'Least width' : 'Width'} of {c.header} in pixels
                </span>
                <input
                  type="number"
                  min={c.minSize ?? 48}
                  max={c.maxSize ?? 800}
                  step={8}
                  value={props.state.sizes[id] ?? c.size}
                  onChange={(e) => {
                    const n = Number(e.target.value);
                    if (Number.isFinite(n) && e.target.value !== '') apply({ ...props.state, sizes: { ...props.state.sizes, [id]: clampSize(c, n) } });
                  }}
                />
                <span aria-hidden="true">px</span>
              </label>
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}
