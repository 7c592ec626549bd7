import { useEffect, useId } from 'react';
import { api } from '../../api/connection';
import { usePersistentState } from '../../app/persisted';
import { CollapseDockIcon, ExpandDockIcon } from '../../components/icons';
import { Dialog } from '../../components/Dialog';
import { formatBytes } from '../../components/format';
import { formatEta, transfers, useTransfers, type Transfer, type UploadTransfer } from './transfers';
import './files.css';

const PHASE_TEXT: Record<string, string> = {
  receiving: 'Sending',
  checking: 'Checking',
  writing: 'Writing',
  committing: 'Putting in place',
  running: 'Running command',
};

const COLLAPSED_KEY = 'berth.transfers.collapsed';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/**
 * The transfers list (uploads and downloads) and the conflict question, mounted once at the root.
 * The list is docked at the window's bottom, above the status bar: it takes room from the view
 * rather than covering it, and collapses to its title and count (remembered per profile).
 */
export function TransfersDock() {
  const list = useTransfers();
  const [collapsed, setCollapsed] = usePersistentState<boolean>(COLLAPSED_KEY, 'local', isBoolean, false);
  const listId = useId();
  useEffect(() => {
    const ch = api.open('files.transfers', {}, { resilient: true, onEvent: (l) => transfers.setDownloads(l) });
    return () => ch.close();
  }, []);
  const asking = list.find((t): t is UploadTransfer => t.kind === 'upload' && t.state === 'conflict' && !!t.conflict);
  if (!list.length) return null;
  const active = list.filter(isActive).length;
  return (
    <>
      <section className={`files-transfers${collapsed ? ' collapsed' : ''}`} aria-label="Transfers">
        <div className="files-transfers-bar">
          <h2 className="files-transfers-title">Transfers ({list.length})</h2>
          {active > 0 && <span className="muted">{active} in progress</span>}
          <button
            type="button"
            className="icon-button files-transfers-toggle"
            aria-expanded={!collapsed}
            aria-controls={listId}
            aria-label={collapsed ? 'Show transfers' : 'Hide transfers'}
            title={collapsed ? 'Show transfers' : 'Hide transfers'}
            onClick={() => setCollapsed(!collapsed)}
          >
            {collapsed ? <ExpandDockIcon /> : <CollapseDockIcon />}
          </button>
        </div>
        <ul id={listId} hidden={collapsed}>
          {!collapsed && list.map((t) => <TransferRow key={t.id} t={t} />)}
        </ul>
      </section>
      {asking && <ConflictDialog t={asking} />}
    </>
  );
}

const isActive = (t: Transfer) => t.state === 'running' || t.state === 'waiting' || t.state === 'conflict';

function TransferRow({ t }: { t: Transfer }) {
  const p = t.progress;
  const pct = p.totalBytes > 0 ? Math.min(100, Math.round((p.bytes / p.totalBytes) * 100)) : t.state === 'done' ? 100 : 0;
  const active = isActive(t);
  const verb = t.kind === 'upload' ? (t.state === 'running' ? PHASE_TEXT[t.phase] : '') : 'Downloading';
  const name = t.kind === 'upload' ? `Upload ${t.label} to ${t.containerName}` : `Download ${t.label}`;
  return (
    <li className={`files-transfer files-transfer-${t.state}`} aria-label={name}>
      <div className="files-transfer-head">
        <strong>{t.label}</strong>
        <span className="muted">{t.kind === 'upload' ? ` → ${t.containerName}${t.target ? `:${t.target}` : ''}` : ` ← ${t.path}`}</span>
      </div>
      <progress
        max={100}
        value={pct}
        aria-label={`${t.kind === 'upload' ? 'Uploading' : 'Downloading'} ${t.label}`}
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      />
      <div className="files-transfer-stats">
        {active ? (
          <span>
            {verb} {formatBytes(p.bytes)}
            {p.totalBytes ? ` of ${formatBytes(p.totalBytes)}` : ''}
            {p.totalFiles ? ` · ${p.files}/${p.totalFiles} files` : ''} · {formatBytes(p.bytesPerSecond)}/s · {formatEta(p.etaSeconds)} left
          </span>
        ) : (
          <span role="status">
            {t.state === 'done' ? 'Done' : t.state === 'cancelled' ? 'Cancelled' : t.state === 'failed' ? 'Failed' : t.state}
            {t.kind === 'upload' && t.exit ? (t.exit.detached ? ' · command left running' : ` · command exited with ${t.exit.exitCode}`) : ''}
          </span>
        )}
        {t.error && (
          <p className="error-text" role="alert">
            {t.error}
          </p>
        )}
      </div>
      {t.kind === 'upload' && (t.command || t.output) && (
        <pre className="files-output" aria-label={`Output of ${t.command ?? 'the command'}`}>
          {t.output}
        </pre>
      )}
      <div className="files-transfer-actions">
        {t.kind === 'upload' && active && (
          <button type="button" onClick={() => t.cancel()} aria-label={`Cancel upload of ${t.label}`}>
            Cancel
          </button>
        )}
        {!active && (
          <button type="button" onClick={() => transfers.dismiss(t.id)} aria-label={`Dismiss ${t.label}`}>
            Dismiss
          </button>
        )}
      </div>
    </li>
  );
}

function ConflictDialog({ t }: { t: UploadTransfer }) {
  const c = t.conflict!;
  const links = new Map(c.links.map((l) => [l.name, l.target]));
  return (
    <Dialog
      title="Files already exist"
      onClose={() => t.decide('cancel')}
      actions={
        <>
          <button type="button" onClick={() => t.decide('overwrite')}>
            Overwrite
          </button>
          <button type="button" onClick={() => t.decide('skip')}>
            Skip existing
          </button>
          <button type="button" onClick={() => t.decide('cancel')}>
            Cancel upload
          </button>
        </>
      }
    >
      <p>
        {c.count} {c.count === 1 ? 'item' : 'items'} from {t.label} already exist in {t.containerName}
        {t.target ? ` at ${t.target}` : ''}:
      </p>
      <ul className="name-list">
        {c.existing.slice(0, 20).map((n) => {
          const link = links.get(n);
          return <li key={n}>{link === undefined ? n : `${n} (a link to ${link || 'an unknown place'})`}</li>;
        })}
        {c.count > 20 && <li>… and {c.count - 20} more</li>}
      </ul>
      {c.links.length > 0 && (
        <p>
          Berth never writes through a link: overwrite replaces {c.links.length === 1 ? 'the link itself' : 'each link itself'} (what it points to is left alone);
          skip keeps {c.links.length === 1 ? 'it' : 'them'} and refuses the upload if anything would go inside.
        </p>
      )}
    </Dialog>
  );
}
