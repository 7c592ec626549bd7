import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode, type RefObject } from 'react';
import type { ContainerDetails } from '../../../../shared/contract/containers';
import { BerthError } from '../../../../shared/contract/errors';
import { plainLabels, tagsFromLabels } from '../../../../shared/contract/labels';
import { api } from '../../api/connection';
import { extensions } from '../../app/extensions';
import { nav, useNav } from '../../app/navigation';
import { usePersistentState } from '../../app/persisted';
import { isFullPage } from '../../app/route';
import { useNow } from '../../components/clock';
import { CloseIcon, NarrowIcon, WidenIcon } from '../../components/icons';
import { formatBytes } from '../../components/format';
import { useContainer } from './store';
import { describeStatus, lastError, portText, uptime } from './view-model';
import { DEFAULT_PANE_WIDTH, MIN_PANE_WIDTH, PANE_KEY, clampPaneWidth, isPaneWidth, maxPaneWidth, widthForDrag, widthForKey } from './pane-width';
import './details.css';

const time = (t: number | null) => (t ? new Date(t).toLocaleString() : '—');

/** The room the pane shares with the list: its parent's width, followed as the window resizes. */
function useAvailableWidth(ref: RefObject<HTMLElement | null>) {
  const [available, setAvailable] = useState(() => (typeof window === 'undefined' ? 1280 : window.innerWidth));
  useLayoutEffect(() => {
    const parent = ref.current?.parentElement;
    if (!parent) return;
    const measure = () => setAvailable(parent.clientWidth || window.innerWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(parent);
    return () => ro.disconnect();
  }, [ref]);
  return available;
}

/**
 * The pane's frame: beside the list with a resize handle on its left edge
 * (remembered per profile), or widened to the whole view (`?full=1`, so a
 * reload and Back keep it).
 */
function Pane({ label, children, actions }: { label: string; children: ReactNode; actions: ReactNode }) {
  const full = isFullPage(useNav());
  const ref = useRef<HTMLElement>(null);
  const available = useAvailableWidth(ref);
  const [stored, setStored] = usePersistentState<number>(PANE_KEY, 'local', isPaneWidth, DEFAULT_PANE_WIDTH);
  // While dragging, the width lives here and is stored once, on release.
  const [dragging, setDragging] = useState<{ startX: number; startWidth: number; width: number } | null>(null);
  const width = dragging?.width ?? clampPaneWidth(stored, available);

  const onKey = (e: KeyboardEvent) => {
    const next = widthForKey(e.key, e.shiftKey, width, available);
    if (next === undefined) return;
    e.preventDefault();
    setStored(next);
  };
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    setDragging({ startX: e.clientX, startWidth: width, width });
  };
  const onMove = (e: PointerEvent) => {
    if (dragging) setDragging({ ...dragging, width: widthForDrag(dragging.startWidth, dragging.startX, e.clientX, available) });
  };
  const onUp = () => {
    if (!dragging) return;
    setStored(dragging.width);
    setDragging(null);
  };

  return (
    <aside ref={ref} className={`details${full ? ' full' : ''}${dragging ? ' resizing' : ''}`} aria-label={label} style={full ? undefined : { width }}>
      {!full && (
        <div
          className="details-resize"
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize details pane"
          aria-valuenow={width}
          aria-valuemin={MIN_PANE_WIDTH}
          aria-valuemax={maxPaneWidth(available)}
          aria-valuetext={`${width} pixels wide`}
          title="Drag, or use the arrow keys, to resize"
          tabIndex={0}
          onKeyDown={onKey}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        />
      )}
      <header>{actions}</header>
      {children}
    </aside>
  );
}

function PaneButtons({ full, onToggle }: { full: boolean; onToggle(): void }) {
  return (
    <div className="details-actions">
      <button type="button" className="icon-button" aria-label={full ? 'Back to the side' : 'Widen to full page'} title={full ? 'Back to the side' : 'Widen to full page'} onClick={onToggle}>
        {full ? <NarrowIcon /> : <WidenIcon />}
      </button>
      <button type="button" className="icon-button" aria-label="Close details" title="Close details" onClick={() => nav.closeDetails()}>
        <CloseIcon />
      </button>
    </div>
  );
}

/** One container's details beside the table (or as a full page), with the features' tabs (logs, files, terminal…). */
export function DetailsPanel({ id, tab }: { id: string; tab: string }) {
  const row = useContainer(id);
  const full = isFullPage(useNav());
  // The full page survives tab switches; the folder and other per-tab parameters do not.
  const keep: Record<string, string> = full ? { full: '1' } : {};
  const toggle = () => nav.setParam('full', full ? undefined : '1');
  if (!row) {
    return (
      <Pane label="Container details" actions={<><h2>Container gone</h2><PaneButtons full={full} onToggle={toggle} /></>}>
        <p className="details-body">This container no longer exists.</p>
      </Pane>
    );
  }
  const tabs = [{ id: 'overview', label: 'Overview' }, ...extensions.detailTabs.filter((t) => !t.visible || t.visible(row))];
  const current = tabs.find((t) => t.id === tab) ?? tabs[0]!;
  const ext = extensions.detailTabs.find((t) => t.id === current.id);
  return (
    <Pane label={`Details of ${row.name}`} actions={<><h2>{row.name}</h2><PaneButtons full={full} onToggle={toggle} /></>}>
      <div role="tablist" aria-label="Detail views" className="tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === current.id}
            onClick={() => nav.openDetails(row.id, t.id, keep)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {/* Focusable, so a keyboard can scroll a tab whose content has no control of its own (the Overview). */}
      <div role="tabpanel" aria-label={current.label} className="details-body" tabIndex={0}>
        {ext ? ext.render(row) : <Overview id={row.id} version={`${row.state}|${row.startedAt}|${row.restartCount}|${row.name}`} />}
      </div>
    </Pane>
  );
}

function Overview({ id, version }: { id: string; version: string }) {
  const [details, setDetails] = useState<ContainerDetails>();
  const [error, setError] = useState<string>();
  const now = useNow();
  useEffect(() => {
    const abort = new AbortController();
    api
      .call('containers.inspect', { id }, { signal: abort.signal })
      .then((d) => {
        setDetails(d);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof BerthError ? e.message : String(e));
      });
    return () => abort.abort();
  }, [id, version]);
  if (error) return <p role="alert">{error}</p>;
  if (!details) return <p>Loading…</p>;
  const d = details;
  const tags = tagsFromLabels(d.labels);
  const labels = plainLabels(d.labels);
  return (
    <dl className="facts">
      <dt>ID</dt>
      <dd className="mono">{d.id.slice(0, 12)}</dd>
      <dt>Image</dt>
      <dd>{d.image}</dd>
      <dt>State</dt>
      <dd>
        {d.state}
        {d.health ? ` (${d.health})` : ''} — {describeStatus(d, now)}
      </dd>
      <dt>Created</dt>
      <dd>{time(d.createdAt)}</dd>
      <dt>Started</dt>
      <dd>{time(d.startedAt)}</dd>
      <dt>Finished</dt>
      <dd>{time(d.finishedAt)}</dd>
      <dt>Uptime</dt>
      <dd>{uptime(d, now) || '—'}</dd>
      <dt>Restarts</dt>
      <dd>{d.restartCount ?? 0}</dd>
      <dt>Exit code</dt>
      <dd>{d.exitCode ?? '—'}</dd>
      <dt>Last error</dt>
      {/* Red only when there is an error: a dash in red reads as a warning about nothing. */}
      <dd className={lastError(d) ? 'error-text' : undefined}>{lastError(d) || '—'}</dd>
      <dt>Command</dt>
      <dd className="mono">{d.command || '—'}</dd>
      <dt>Entrypoint</dt>
      <dd className="mono">{d.entrypoint.join(' ') || '—'}</dd>
      <dt>Working dir</dt>
      <dd className="mono">{d.workingDir || '—'}</dd>
      <dt>User</dt>
      <dd>{d.user || 'image default'}</dd>
      <dt>Environment</dt>
      <dd>
        <ul className="plain mono">
          {d.env.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </dd>
      <dt>Tags</dt>
      <dd>{tags.length ? tags.map((t) => <span key={t} className="tag">{t}</span>) : '—'}</dd>
      <dt>Labels</dt>
      <dd>
        <ul className="plain mono">
          {Object.entries(labels).map(([k, v]) => (
            <li key={k}>
              {k}={v}
            </li>
          ))}
        </ul>
      </dd>
      <dt>Ports</dt>
      <dd>{d.ports.map(portText).join(', ') || '—'}</dd>
      <dt>Mounts</dt>
      <dd>
        <ul className="plain mono">
          {d.mounts.map((m) => (
            <li key={m.destination}>
              {m.source || m.name} → {m.destination} ({m.type}, {m.readOnly ? 'ro' : 'rw'})
            </li>
          ))}
        </ul>
      </dd>
      <dt>CPUs</dt>
      <dd>{d.limits.nanoCpus ? (d.limits.nanoCpus / 1e9).toString() : 'no limit'}</dd>
      <dt>Memory</dt>
      <dd>{d.limits.memoryBytes > 0 ? formatBytes(d.limits.memoryBytes) : 'no limit'}</dd>
      <dt>PIDs limit</dt>
      <dd>{d.limits.pidsLimit ?? 'no limit'}</dd>
      <dt>Restart policy</dt>
      <dd>
        {d.restartPolicy.name}
        {d.restartPolicy.name === 'on-failure' && d.restartPolicy.maximumRetryCount ? ` (max ${d.restartPolicy.maximumRetryCount})` : ''}
      </dd>
      <dt>Network</dt>
      <dd>
        {d.networkMode}
        {d.networks.map((n) => ` · ${n.name} ${n.ipAddress}`)}
      </dd>
    </dl>
  );
}
