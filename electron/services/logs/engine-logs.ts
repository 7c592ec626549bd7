import type Docker from 'dockerode';
import type { Readable } from 'node:stream';

export interface EngineLogOptions {
  follow: boolean;
  tail?: number | 'all';
  /** The engine's "seconds.nanoseconds" form. */
  since?: string;
  timestamps: boolean;
}

/**
 * Opens a container's log as a stream, follow or not. dockerode buffers a
 * non-follow log whole; a million-line log must stream, so dial the modem
 * with isStream ourselves.
 */
export function openEngineLog(docker: Docker, id: string, o: EngineLogOptions, signal?: AbortSignal): Promise<Readable> {
  const options: Record<string, unknown> = {
    stdout: true,
    stderr: true,
    follow: o.follow,
    timestamps: o.timestamps,
    tail: o.tail === undefined ? 'all' : String(o.tail),
  };
  if (o.since !== undefined) options.since = o.since;
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(id)}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options,
      } as Parameters<Docker['modem']['dial']>[0],
      (err: unknown, stream: unknown) => (err ? reject(err) : resolve(stream as Readable)),
    );
  });
}
