import { useEffect, useState } from 'react';
import { BerthError } from '../../../../shared/contract/errors';
import type { CleanResult, DiskUsage, DoctorReport, EngineHealth } from '../../../../shared/contract/health';
import { api } from '../../api/connection';
import { Dialog } from '../../components/Dialog';
import { formatBytes } from '../../components/format';
import { healthPanel, useHealthPanelOpen } from './panel-state';
import './health.css';

const message = (e: unknown) => (e instanceof BerthError ? e.message : String(e));

function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min ${s % 60} s`;
}

export function HealthOverlay() {
  const open = useHealthPanelOpen();
  return open ? <HealthPanel /> : null;
}

function HealthPanel() {
  const [engine, setEngine] = useState<EngineHealth>();
  const [engineError, setEngineError] = useState<string>();
  const [disk, setDisk] = useState<DiskUsage>();
  const [diskBusy, setDiskBusy] = useState(false);
  const [diskError, setDiskError] = useState<string>();

  useEffect(() => {
    api.call('health.engine', {}).then(setEngine, (e: unknown) => setEngineError(message(e)));
  }, []);

  const checkDisk = async () => {
    setDiskBusy(true);
    setDiskError(undefined);
    try {
      setDisk(await api.call('health.disk', {}));
    } catch (e) {
      setDiskError(message(e));
    } finally {
      setDiskBusy(false);
    }
  };

  return (
    <Dialog
      title="Engine health"
      wide
      onClose={() => healthPanel.close()}
      actions={
        <button type="button" onClick={() => healthPanel.close()}>
          Close
        </button>
      }
    >
      <section aria-label="Engine">
        {engineError && <p role="alert">{engineError}</p>}
        {!engine && !engineError && <p className="muted">Asking the engine…</p>}
        {engine && (
          <dl className="health-facts">
            <dt>Engine</dt>
            <dd>
              {engine.name} {engine.version}
            </dd>
            <dt>API version</dt>
            <dd>{engine.apiVersion}</dd>
            <dt>Uptime</dt>
            <dd>{engine.startedAt ? `${formatUptime(Date.now() - engine.startedAt)} (since ${new Date(engine.startedAt).toLocaleString()})` : 'not known for this engine'}</dd>
            <dt>Where</dt>
            <dd>{engine.endpoint}</dd>
            <dt>System</dt>
            <dd>
              {engine.os} · {engine.arch}
              {engine.kernel ? ` · kernel ${engine.kernel}` : ''}
            </dd>
            <dt>Containers</dt>
            <dd>
              {engine.containers} ({engine.containersRunning} running) · {engine.images} images
            </dd>
          </dl>
        )}
      </section>
      <section aria-label="Disk usage" className="health-section">
        <h3>Disk usage</h3>
        <button type="button" onClick={() => void checkDisk()} disabled={diskBusy}>
          {diskBusy ? 'Measuring…' : disk ? 'Measure disk usage again' : 'Measure disk usage'}
        </button>
        {diskError && <p role="alert">{diskError}</p>}
        {disk && (
          <table className="health-table" aria-label="Disk usage by kind">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Count</th>
                <th scope="col">Size</th>
                <th scope="col">Reclaimable</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Images', disk.images],
                  ['Containers', disk.containers],
                  ['Volumes', disk.volumes],
                  ['Build cache', disk.buildCache],
                ] as const
              ).map(([label, c]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{c.count}</td>
                  <td>{formatBytes(c.size)}</td>
                  <td>{formatBytes(c.reclaimable)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Doctor />
    </Dialog>
  );
}

function Doctor() {
  const [report, setReport] = useState<DoctorReport>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [folders, setFolders] = useState<Set<string>>(new Set());
  const [stopped, setStopped] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<CleanResult[]>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.call('health.doctor', {});
      setReport(r);
      setFolders(new Set());
      setStopped(new Set());
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const act = async (what: 'folders' | 'containers') => {
    setBusy(true);
    try {
      const res =
        what === 'folders'
          ? await api.call('health.cleanWorkspaces', { paths: [...folders] })
          : await api.call('health.pruneContainers', { ids: [...stopped] });
      setResults(res);
      setReport(await api.call('health.doctor', {}));
      setFolders(new Set());
      setStopped(new Set());
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (set: Set<string>, update: (s: Set<string>) => void, key: string) => {
    const next = new Set(set);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    update(next);
  };

  const orphans = report?.workspaces.filter((w) => w.orphan) ?? [];
  return (
    <section aria-label="Doctor" className="health-section">
      <h3>Doctor</h3>
      <p className="muted">Finds workspace folders no container uses any more, and stopped containers. Nothing is removed until you choose it.</p>
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy && !report ? 'Checking…' : report ? 'Check again' : 'Run doctor'}
      </button>
      {error && <p role="alert">{error}</p>}
      {results && (
        <ul className="health-results" aria-label="Cleanup results">
          {results.map((r) => (
            <li key={r.item}>
              {r.ok ? 'Removed' : 'Not removed'}: {r.item}
              {r.error ? ` — ${r.error.message}` : ''}
            </li>
          ))}
        </ul>
      )}
      {report && (
        <>
          <h4>Workspace folders ({report.workspacesDir})</h4>
          {report.workspaces.length === 0 && <p className="muted">No workspace folders.</p>}
          {report.workspaces.length > 0 && orphans.length === 0 && <p>Every workspace folder is used by a container.</p>}
          {orphans.length > 0 && (
            <fieldset>
              <legend>Orphan folders (no container uses them)</legend>
              {orphans.map((w) => (
                <label key={w.path} className="health-check">
                  <input type="checkbox" checked={folders.has(w.path)} onChange={() => toggle(folders, setFolders, w.path)} /> {w.name}{' '}
                  <span className="muted">{w.path}</span>
                </label>
              ))}
              <button type="button" className="danger" disabled={!folders.size || busy} onClick={() => void act('folders')}>
                Delete {folders.size || ''} selected {folders.size === 1 ? 'folder' : 'folders'}
              </button>
            </fieldset>
          )}
          {report.missingWorkspaces.length > 0 && (
            <p>
              Containers whose workspace folder is gone:{' '}
              {report.missingWorkspaces.map((m) => `${m.container.name} (${m.path})`).join(', ')}
            </p>
          )}
          <h4>Stopped containers</h4>
          {report.stopped.length === 0 && <p className="muted">No stopped containers.</p>}
          {report.stopped.length > 0 && (
            <fieldset>
              <legend>Choose the stopped containers to remove</legend>
              <label className="health-check">
                <input
                  type="checkbox"
                  checked={stopped.size === report.stopped.length}
                  onChange={(e) => setStopped(e.target.checked ? new Set(report.stopped.map((s) => s.id)) : new Set())}
                />{' '}
                Select all ({report.stopped.length})
              </label>
              <div className="health-list">
                {report.stopped.map((s) => (
                  <label key={s.id} className="health-check">
                    <input type="checkbox" checked={stopped.has(s.id)} onChange={() => toggle(stopped, setStopped, s.id)} /> {s.name}{' '}
                    <span className="muted">
                      {s.image} · {s.status}
                    </span>
                  </label>
                ))}
              </div>
              <button type="button" className="danger" disabled={!stopped.size || busy} onClick={() => void act('containers')}>
                Remove {stopped.size || ''} selected {stopped.size === 1 ? 'container' : 'containers'}
              </button>
            </fieldset>
          )}
        </>
      )}
    </section>
  );
}
