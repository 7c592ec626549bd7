import { useEffect, useState } from 'react';
import type { ContainerDetails } from '../../../../shared/contract/containers';
import { BerthError } from '../../../../shared/contract/errors';
import { plainLabels, tagsFromLabels } from '../../../../shared/contract/labels';
import { api } from '../../api/connection';
import { extensions } from '../../app/extensions';
import { nav } from '../../app/navigation';
import { useNow } from '../../components/clock';
import { CloseIcon } from '../../components/icons';
import { formatBytes } from '../../components/format';
import { useContainer } from './store';
import { describeStatus, lastError, portText, uptime } from './view-model';

const time = (t: number | null) => (t ? new Date(t).toLocaleString() : '—');

/** One container's details beside the table, with the features' tabs (logs, files, terminal…). */
export function DetailsPanel({ id, tab }: { id: string; tab: string }) {
  const row = useContainer(id);
  if (!row) {
    return (
      <aside className="details" aria-label="Container details">
        <header>
          <h2>Container gone</h2>
          <button type="button" className="icon-button" aria-label="Close details" onClick={() => nav.closeDetails()}>
            <CloseIcon />
          </button>
        </header>
        <p>This container no longer exists.</p>
      </aside>
    );
  }
  const tabs = [{ id: 'overview', label: 'Overview' }, ...extensions.detailTabs.filter((t) => !t.visible || t.visible(row))];
  const current = tabs.find((t) => t.id === tab) ?? tabs[0]!;
  const ext = extensions.detailTabs.find((t) => t.id === current.id);
  return (
    <aside className="details" aria-label={`Details of ${row.name}`}>
      <header>
        <h2>{row.name}</h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={() => nav.closeDetails()}>
          <CloseIcon />
        </button>
      </header>
      <div role="tablist" aria-label="Detail views" className="tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === current.id}
            onClick={() => nav.openDetails(row.id, t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {/* Focusable: a tab's content may scroll, and a keyboard user must be able to scroll it (WAI-ARIA tabpanel). */}
      <div role="tabpanel" aria-label={current.label} className="details-body" tabIndex={0}>
        {ext ? ext.render(row) : <Overview id={row.id} version={`${row.state}|${row.startedAt}|${row.restartCount}|${row.name}`} />}
      </div>
    </aside>
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
      <dd className="error-text">{lastError(d) || '—'}</dd>
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
