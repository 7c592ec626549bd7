import { Box, Trash } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { BerthError } from '../../../../shared/contract/errors';
import type { CleanResult, DiskUsage, DoctorReport, EngineHealth, StoppedContainer, WorkspaceFolder } from '../../../../shared/contract/health';
import { api } from '../../api/connection';
import { Dialog } from '../../components/Dialog';
import { nav } from '../../app/navigation';
import type { MenuEntry } from '../../components/menu/RowMenu';
import { DataTable, type SortState } from '../../components/table/DataTable';
import { EMPTY_SELECTION, type Selection } from '../../components/table/selection';
import { DEFAULT_DISK_SORT, DEFAULT_NAME_SORT, diskColumns, diskRows, folderColumns, stoppedColumns, type DiskRow } from './columns';
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
        {disk && <DiskTable disk={disk} />}
      </section>
      <Doctor />
    </Dialog>
  );
}

function Doctor() {
  const [report, setReport] = useState<DoctorReport>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [folderSel, setFolderSel] = useState<Selection>(EMPTY_SELECTION);
  const [stoppedSel, setStoppedSel] = useState<Selection>(EMPTY_SELECTION);
  const [folderSort, setFolderSort] = useState<SortState>(DEFAULT_NAME_SORT);
  const [stoppedSort, setStoppedSort] = useState<SortState>(DEFAULT_NAME_SORT);
  // Each result with the name it was chosen by (the service answers with the id or path it was given).
  const [results, setResults] = useState<Array<CleanResult & { label: string }>>();
  const clear = () => {
    setFolderSel(EMPTY_SELECTION);
    setStoppedSel(EMPTY_SELECTION);
  };

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.call('health.doctor', {});
      setReport(r);
      clear();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const act = async (what: 'folders' | 'containers', items: string[]) => {
    if (!items.length) return;
    setBusy(true);
    try {
      const res = what === 'folders' ? await api.call('health.cleanWorkspaces', { paths: items }) : await api.call('health.pruneContainers', { ids: items });
      const names = new Map([...(report?.stopped ?? []).map((c) => [c.id, c.name] as const)]);
      setResults(res.map((r) => ({ ...r, label: names.get(r.item) ?? r.item })));
      setReport(await api.call('health.doctor', {}));
      clear();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const orphans = useMemo(() => report?.workspaces.filter((w) => w.orphan) ?? [], [report]);
  // Only what is listed now counts as selected (a refreshed report may have dropped some).
  const folders = orphans.filter((w) => folderSel.ids.has(w.path)).map((w) => w.path);
  const stopped = (report?.stopped ?? []).filter((s) => stoppedSel.ids.has(s.id)).map((s) => s.id);
  const folderMenu = (w: WorkspaceFolder): MenuEntry[] => [
    { id: 'delete', label: 'Delete folder', icon: <Trash size={16} />, danger: true, disabled: busy, run: () => void act('folders', [w.path]) },
  ];
  const openContainer = (s: StoppedContainer) => {
    healthPanel.close();
    nav.openDetails(s.id);
  };
  const stoppedMenu = (s: StoppedContainer): MenuEntry[] => [
    { id: 'open', label: 'Open container', icon: <Box size={16} />, run: () => openContainer(s) },
    { id: 'remove', label: 'Remove container', icon: <Trash size={16} />, danger: true, separated: true, disabled: busy, run: () => void act('containers', [s.id]) },
  ];
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
              {r.ok ? 'Removed' : 'Not removed'}: <span title={r.item}>{r.label}</span>
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
            <div className="health-list">
              <DataTable<WorkspaceFolder>
                label="Orphan folders (no container uses them)"
                noun="folders"
                storageKey="berth.table.health.folders"
                rows={orphans}
                rowId={(w) => w.path}
                rowName={(w) => w.name}
                columns={folderColumns}
                sort={folderSort}
                onSortChange={setFolderSort}
                selection={folderSel}
                onSelectionChange={setFolderSel}
                menu={folderMenu}
              />
              <button type="button" className="danger" disabled={!folders.length || busy} onClick={() => void act('folders', folders)}>
                Delete {folders.length || ''} selected {folders.length === 1 ? 'folder' : 'folders'}
              </button>
            </div>
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
            <div className="health-list">
              <DataTable<StoppedContainer>
                label="Stopped containers to choose from"
                noun="stopped containers"
                storageKey="berth.table.health.stopped"
                rows={report.stopped}
                rowId={(c) => c.id}
                rowName={(c) => c.name}
                columns={stoppedColumns}
                sort={stoppedSort}
                onSortChange={setStoppedSort}
                selection={stoppedSel}
                onSelectionChange={setStoppedSel}
                onOpen={openContainer}
                menu={stoppedMenu}
              />
              <button type="button" className="danger" disabled={!stopped.length || busy} onClick={() => void act('containers', stopped)}>
                Remove {stopped.length || ''} selected {stopped.length === 1 ? 'container' : 'containers'}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function DiskTable({ disk }: { disk: DiskUsage }) {
  const [sort, setSort] = useState<SortState>(DEFAULT_DISK_SORT);
  const rows = useMemo(() => diskRows(disk), [disk]);
  return (
    <div className="health-list">
      <DataTable<DiskRow>
        label="Disk usage by kind"
        noun="kinds"
        storageKey="berth.table.health.disk"
        rows={rows}
        rowId={(r) => r.kind}
        rowName={(r) => r.kind}
        columns={diskColumns}
        sort={sort}
        onSortChange={setSort}
      />
    </div>
  );
}
