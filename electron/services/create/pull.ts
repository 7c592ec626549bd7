import type { LayerProgress, PullEvent } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';
import { imageRefError } from '../../../shared/create/validate';
import type { Engine } from '../engine/engine';
import { JsonLineSplitter } from '../engine/events';

/** Why: the engine sends a line per layer per chunk; the UI needs a few updates a second, not hundreds. */
export const PULL_PROGRESS_INTERVAL_MS = 100;

const DOWNLOADED = new Set(['Download complete', 'Verifying Checksum', 'Extracting', 'Pull complete']);

interface PullLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

const NOT_FOUND = /not found|manifest unknown|pull access denied|does not exist|repository .* not found/i;
/** The engine could not talk to the registry at all (no name service, nothing listening, TLS refused). */
const REGISTRY_UNREACHABLE = /no such host|dial tcp|connection refused|i\/o timeout|TLS handshake|x509:|server gave HTTP response to HTTPS client|network is unreachable/i;

/** A failed pull in words the user can act on, whether the engine said so at once or in the stream. */
export function pullFailure(message: string): BerthError {
  if (REGISTRY_UNREACHABLE.test(message)) {
    return new BerthError('image-not-found', `The registry could not be reached, so the image cannot be pulled: ${message}`, { field: 'image' });
  }
  if (NOT_FOUND.test(message)) return new BerthError('image-not-found', message, { field: 'image' });
  return new BerthError('internal', message, { field: 'image' });
}

/** Without a tag the engine pulls every tag of the repository; `docker pull` means :latest. */
export function withDefaultTag(ref: string): string {
  const r = ref.trim();
  if (r.includes('@')) return r;
  const last = r.split('/').pop() ?? r;
  return last.includes(':') ? r : `${r}:latest`;
}

/** Folds the engine's progress lines into per-layer state and byte totals. */
export class PullProgress {
  private readonly layers = new Map<string, LayerProgress>();
  status = '';

  apply(line: PullLine): void {
    if (line.error || line.errorDetail) throw pullFailure(line.errorDetail?.message ?? line.error ?? 'pull failed');
    if (!line.status) return;
    // Layer lines carry a layer id; the first and last lines name the tag or digest.
    if (line.id && !/^Pulling from|^Digest:|^Status:/.test(line.status) && /^[a-f0-9]{12,64}$/.test(line.id)) {
      const prev = this.layers.get(line.id);
      const d = line.progressDetail;
      let current = prev?.current;
      let total = prev?.total;
      if (line.status === 'Downloading' && d?.total) {
        current = d.current ?? 0;
        total = d.total;
      } else if (total !== undefined && DOWNLOADED.has(line.status)) {
        // Extracting reports its own counts over the same bytes: the bar shows the download, which is done.
        current = total;
      }
      const layer: LayerProgress = { id: line.id, status: line.status };
      if (total !== undefined) {
        layer.current = current ?? 0;
        layer.total = total;
      }
      this.layers.set(line.id, layer);
    } else {
      this.status = line.id ? `${line.status} ${line.id}` : line.status;
    }
  }

  event(): PullEvent {
    const layers = [...this.layers.values()];
    let currentBytes = 0;
    let totalBytes = 0;
    for (const l of layers) {
      if (l.total) {
        totalBytes += l.total;
        currentBytes += Math.min(l.current ?? 0, l.total);
      }
    }
    return { type: 'progress', status: this.status, layers, currentBytes, totalBytes };
  }

  done(): PullEvent {
    return { type: 'done', status: this.status, layers: [...this.layers.values()] };
  }
}

/**
 * Pulls an image, reporting progress as it goes. Cancelling (the signal)
 * destroys the response stream, which makes the engine abandon the pull.
 */
export async function pullImage(
  engine: Engine,
  ref: string,
  opts: { signal: AbortSignal; onProgress(e: PullEvent): void },
): Promise<PullEvent> {
  const bad = imageRefError(ref);
  if (bad) throw new BerthError('invalid-input', bad, { field: 'image' });
  const full = withDefaultTag(ref);
  let stream: NodeJS.ReadableStream & { destroy?: (e?: Error) => void };
  try {
    stream = await engine.port.pullImage(full);
  } catch (e) {
    const err = engine.fail(e);
    if (err.code === 'internal') throw pullFailure(err.message);
    throw new BerthError(err.code === 'not-found' ? 'image-not-found' : err.code, err.message, { field: 'image', cause: e });
  }
  const progress = new PullProgress();
  const splitter = new JsonLineSplitter();
  let last = 0;
  return new Promise<PullEvent>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      opts.signal.removeEventListener('abort', onAbort);
      if (err) {
        stream.destroy?.();
        reject(err);
      } else resolve(progress.done());
    };
    const onAbort = () => finish(new BerthError('cancelled', `Pull of ${full} cancelled`, { field: 'image' }));
    if (opts.signal.aborted) return onAbort();
    opts.signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      try {
        for (const line of splitter.push(chunk)) progress.apply(line as PullLine);
      } catch (e) {
        return finish(e);
      }
      const now = Date.now();
      if (now - last >= PULL_PROGRESS_INTERVAL_MS) {
        last = now;
        opts.onProgress(progress.event());
      }
    });
    stream.on('error', (e) => finish(engine.fail(e)));
    stream.on('end', () => {
      opts.onProgress(progress.event());
      finish();
    });
  });
}
