import { useCallback, useEffect, useState } from 'react';
import type { JobInfo } from '../../../../shared/contract/runner';
import { api } from '../../api/connection';
import { notify } from '../../components/notifications';

/** Background jobs started from the runner: their state, kept output, kill and remove. */
export function JobsPanel() {
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [viewing, setViewing] = useState<string | null>(null);
  const refresh = useCallback(() => {
    api.call('runner.jobs', {}).then(setJobs, () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    // Jobs are few and change rarely; a slow poll keeps this list honest without a channel of its own.
    const t = setInterval(refresh, 3000);
    return () => clearInterval(t);
  }, [refresh]);
  if (jobs.length === 0) return null;
  return (
    <section className="jobs-panel" aria-label="Background jobs">
      <h2 style={{ fontSize: 14, margin: '4px 0' }}>Background jobs</h2>
      <table>
        <thead>
          <tr>
            <th>Container</th>
            <th>Command</th>
            <th>State</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id}>
              <td>{j.container.name}</td>
              <td>
                <code>{j.script.length > 60 ? `${j.script.slice(0, 60)}…` : j.script}</code>
              </td>
              <td>
                {j.state}
                {j.exitCode !== null ? ` (exit code ${j.exitCode})` : ''}
                {j.error ? `: ${j.error}` : ''}
              </td>
              <td>
                <button type="button" onClick={() => setViewing(viewing === j.id ? null : j.id)}>
                  {viewing === j.id ? 'Hide output' : 'View output'}
                </button>
                {j.state === 'running' && (
                  <button type="button" className="danger" onClick={() => api.call('runner.killJob', { id: j.id }).then(refresh, (e: Error) => notify('error', e.message))}>
                    Kill job
                  </button>
                )}
                <button type="button" onClick={() => api.call('runner.removeJob', { id: j.id }).then(refresh, (e: Error) => notify('error', e.message))}>
                  Remove job
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {viewing && <JobOutput key={viewing} id={viewing} onInfo={refresh} />}
    </section>
  );
}

function JobOutput({ id, onInfo }: { id: string; onInfo(): void }) {
  const [text, setText] = useState('');
  const [decoder] = useState(() => new TextDecoder());
  useEffect(() => {
    const ch = api.open('runner.jobOutput', { id }, {
      onEvent(ev, bytes) {
        if (ev.type === 'output' && bytes) {
          const chunk = decoder.decode(bytes, { stream: true });
          setText((t) => (t + chunk).slice(-200_000));
        } else if (ev.type === 'info') onInfo();
      },
    });
    return () => ch.close();
  }, [id, decoder, onInfo]);
  return (
    <pre aria-label="Job output" className="run-streams" style={{ display: 'block', maxHeight: 240, overflow: 'auto', background: '#111', color: '#eee', padding: 6 }}>
      {text}
    </pre>
  );
}
