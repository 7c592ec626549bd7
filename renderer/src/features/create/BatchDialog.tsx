import { useEffect, useRef, useState } from 'react';
import type { BatchEvent, BatchIssue, BatchItemState } from '../../../../shared/contract/create';
import { errorMessage, type ErrorData } from '../../../../shared/contract/errors';
import { describeIssue } from '../../../../shared/create/batch';
import { api } from '../../api/connection';
import { Dialog } from '../../components/Dialog';
import './create.css';

const EXAMPLE = `# A list of containers, same fields as the wizard (JSON works too)
- image: berth-test/busybox:latest
  name: worker-1
  command: sleep 3600
  tags: [batch]
  env: { ROLE: worker }
  resources: { cpus: 0.5, memory: 64m }
`;

interface Item {
  index: number;
  name: string;
  state: BatchItemState;
  id?: string;
  error?: ErrorData;
}

const STATE_TEXT: Record<BatchItemState, string> = {
  waiting: 'waiting',
  pulling: 'pulling the image…',
  creating: 'creating…',
  starting: 'starting…',
  done: 'created',
  failed: 'failed',
};

/**
 * Batch create from a pasted or picked JSON/YAML file: the service validates
 * every entry before creating any, then reports each container as it goes.
 */
export function BatchDialog(props: { onClose(): void }) {
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<BatchIssue[]>();
  const [items, setItems] = useState<Item[]>();
  const [summary, setSummary] = useState<string>();
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string>();
  const chRef = useRef<{ close(): void }>(undefined);
  useEffect(() => () => chRef.current?.close(), []);

  const start = () => {
    setIssues(undefined);
    setItems(undefined);
    setSummary(undefined);
    setFailure(undefined);
    setRunning(true);
    chRef.current = api.open('create.batch', { text }, {
      onEvent: (e: BatchEvent) => {
        if (e.type === 'invalid') setIssues(e.issues);
        else if (e.type === 'plan') setItems(e.items.map((i) => ({ ...i, state: 'waiting' })));
        else if (e.type === 'item') setItems((list) => list?.map((it) => (it.index === e.index ? { ...it, state: e.state, id: e.id ?? it.id, error: e.error } : it)));
        else if (e.type === 'done') setSummary(`${e.created} created, ${e.failed} failed.`);
      },
      onEnd: (err) => {
        setRunning(false);
        if (err) setFailure(errorMessage(err));
      },
    });
  };

  return (
    <Dialog
      title="Import containers"
      wide
      onClose={props.onClose}
      actions={
        <>
          <button type="button" onClick={props.onClose}>
            {summary ? 'Close' : 'Cancel'}
          </button>
          <button type="button" className="primary" disabled={running || !text.trim()} onClick={start}>
            {running ? 'Creating…' : 'Create all'}
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="create-batch-text">Container specs (JSON or YAML)</label>
        <textarea id="create-batch-text" className="mono" rows={10} value={text} placeholder={EXAMPLE} onChange={(e) => setText(e.target.value)} />
        <span className="field-help">Every entry is checked before any is created. Fields: image, name, command, entrypoint, env, tags, labels, resources, ports, workspace, mounts, restart, network, hardening.</span>
      </div>
      <label className="create-file">
        Open a .json or .yaml file
        <input
          type="file"
          accept=".json,.yaml,.yml,application/json,text/yaml"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) setText(await f.text());
            e.target.value = '';
          }}
        />
      </label>
      {failure && <p role="alert" className="error-text">{failure}</p>}
      {issues && (
        <div role="alert">
          <p className="error-text">Nothing was created. Fix these entries first:</p>
          <ul aria-label="Problems in the file">
            {issues.map((i, k) => (
              <li key={k}>{describeIssue(i)}</li>
            ))}
          </ul>
        </div>
      )}
      {items && (
        <ul className="create-batch-items" aria-label="Batch results">
          {items.map((it) => (
            <li key={it.index} className={it.state === 'failed' ? 'failed' : it.state === 'done' ? 'ok' : undefined}>
              <strong>{it.name}</strong>: {STATE_TEXT[it.state]}
              {it.error && ` — ${it.error.field ? `${it.error.field}: ` : ''}${it.error.message}`}
            </li>
          ))}
        </ul>
      )}
      {summary && <p role="status">{summary}</p>}
    </Dialog>
  );
}
