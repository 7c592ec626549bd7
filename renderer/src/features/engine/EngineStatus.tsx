import { useEffect, useState } from 'react';
import type { EngineStatus } from '../../../../shared/contract/engine';
import { api } from '../../api/connection';
import { useChannelValue } from '../../api/hooks';
import { useNow } from '../../components/clock';
import { useContainers } from '../containers/store';
import { healthPanel } from '../health/panel-state';

export function useEngineStatus(): EngineStatus | undefined {
  return useChannelValue('engine.watch', {});
}

/** The bar at the bottom: what we are connected to, in a few words. */
export function EngineStatusBar() {
  const status = useEngineStatus();
  const { rows, loaded } = useContainers();
  const running = rows.filter((r) => r.state === 'running').length;
  if (!status) {
    return (
      <footer className="statusbar" aria-label="Engine status">
        <span className="dot dot-wait" aria-hidden="true" /> Connecting…
      </footer>
    );
  }
  const i = status.info;
  return (
    <footer className="statusbar" aria-label="Engine status">
      <span className={`dot dot-${status.state}`} aria-hidden="true" />
      {status.state === 'connected' && i ? (
        <span>
          Connected to {i.name} {i.version} · API {i.apiVersion} · {i.os} ({i.arch}) ·{' '}
          {loaded ? `${rows.length} containers (${running} running)` : `${i.containers} containers`} · {i.images} images ·{' '}
          <span className="muted">{status.endpoint}</span>{' '}
          <button type="button" className="link small" onClick={() => healthPanel.open()}>
            Engine details
          </button>
        </span>
      ) : (
        <span>
          {status.state === 'connecting' ? 'Connecting to' : 'Not connected to'} {status.endpoint}
        </span>
      )}
    </footer>
  );
}

/** Shown over the app while the engine is down: what is wrong, how to fix it, and that we keep trying. */
export function EngineDownBanner() {
  const status = useEngineStatus();
  const now = useNow();
  const [retrying, setRetrying] = useState(false);
  useEffect(() => setRetrying(false), [status?.state]);
  if (!status || status.state === 'connected' || status.state === 'connecting') return null;
  const seconds = status.retryAt ? Math.max(0, Math.ceil((status.retryAt - now) / 1000)) : undefined;
  return (
    <section className="engine-down" role="alert" aria-label="Engine unavailable">
      <h2>{status.state === 'permission-denied' ? 'No permission to use the container engine' : 'Cannot reach the container engine'}</h2>
      <p>{status.message}</p>
      {status.hint && <p className="hint">{status.hint}</p>}
      <p className="muted">
        {seconds !== undefined ? `Trying again in ${seconds}s.` : 'Trying again shortly.'} The table comes back by itself once the
        engine answers.
      </p>
      <button
        type="button"
        disabled={retrying}
        onClick={() => {
          setRetrying(true);
          void api.call('engine.reconnect', {}).finally(() => setRetrying(false));
        }}
      >
        {retrying ? 'Retrying…' : 'Retry now'}
      </button>
    </section>
  );
}
