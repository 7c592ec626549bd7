import { useEffect, useRef, useState } from 'react';
import type { PullEvent } from '../../../../shared/contract/create';
import type { BerthError } from '../../../../shared/contract/errors';
import { api } from '../../api/connection';

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** Pulls `imageRef` while mounted; Cancel (or unmounting) closes the channel, which cancels the pull. */
export function PullBar(props: { imageRef: string; onDone(): void; onFail(message: string): void; onCancel(): void }) {
  const [ev, setEv] = useState<PullEvent>();
  const chRef = useRef<{ close(): void }>(undefined);
  const handlers = useRef(props);
  handlers.current = props;
  useEffect(() => {
    let finished = false;
    const ch = api.open('create.pull', { ref: props.imageRef }, {
      onEvent: (e) => {
        setEv(e);
        if (e.type === 'done') finished = true;
      },
      onEnd: (err?: BerthError) => {
        if (err) {
          if (err.code !== 'cancelled') handlers.current.onFail(err.message);
        } else if (finished) handlers.current.onDone();
      },
    });
    chRef.current = ch;
    return () => ch.close();
  }, [props.imageRef]);
  const progress = ev?.type === 'progress' ? ev : undefined;
  const layers = ev?.layers ?? [];
  return (
    <div className="create-pull" role="group" aria-label={`Pulling ${props.imageRef}`}>
      <div className="create-pull-head">
        <span>
          Pulling <code>{props.imageRef}</code>
          {progress && progress.totalBytes > 0 && ` — ${mib(progress.currentBytes)} of ${mib(progress.totalBytes)}`}
        </span>
        <button
          type="button"
          onClick={() => {
            chRef.current?.close();
            handlers.current.onCancel();
          }}
        >
          Cancel pull
        </button>
      </div>
      <progress
        aria-label="Pull progress"
        max={progress?.totalBytes || 1}
        value={progress?.totalBytes ? progress.currentBytes : undefined}
      />
      <ul className="create-layers" aria-label="Layers">
        {layers.map((l) => (
          <li key={l.id}>
            <code>{l.id}</code> {l.status}
            {l.total ? ` ${Math.round(((l.current ?? 0) / l.total) * 100)}%` : ''}
          </li>
        ))}
      </ul>
      {ev?.status && <p className="muted">{ev.status}</p>}
    </div>
  );
}
