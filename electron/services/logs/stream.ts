import type { Readable } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import type { LogSource, LogStream, LogsEvent } from '../../../shared/contract/logs';
import type { ServerChannel } from '../../../shared/rpc/server';
import type { Services } from '../index';
import { LineBatcher } from './batcher';
import { LogDemuxer } from './demux';
import { openEngineLog } from './engine-logs';
import { LineAssembler, compareTimestamps, fastLineTimestamp, sinceFromTimestamp, sinceParam } from './lines';

/** Lines longer than this are cut into pieces. Why 4 MiB: keeps a 1 MB line whole, bounds a runaway one. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface ParsedLogsInput {
  ids: string[];
  tail: number | 'all';
  since?: number;
  follow: boolean;
}

interface SourceState extends LogSource {
  index: number;
  /** Newest timestamp sent: where a live stream (re)starts, and what it must not repeat. */
  last: [number, number] | null;
  live: Readable | undefined;
  ended: boolean;
}

/** Reads the containers' names and TTY flags; an unknown id is an error on its field. */
export async function resolveSources(services: Pick<Services, 'engine'>, ids: string[]): Promise<LogSource[]> {
  const docker = services.engine.client();
  return Promise.all(
    ids.map(async (id, i) => {
      try {
        const info = await docker.getContainer(id).inspect();
        return { id: info.Id, name: info.Name.replace(/^\//, ''), tty: Boolean(info.Config?.Tty) };
      } catch (e) {
        const err = services.engine.fail(e);
        throw new BerthError(err.code, err.code === 'not-found' ? `No container "${id}"` : err.message, { field: `ids.${i}` });
      }
    }),
  );
}

/**
 * Serves one `logs.stream` channel: each container's backlog (tail / since),
 * then, with follow, live lines of all of them interleaved as they arrive.
 * Bytes go out raw in whole lines; when the client falls behind every engine
 * stream is paused, so memory stays bounded however large the log is.
 */
export async function runLogStream(
  services: Pick<Services, 'engine'>,
  input: ParsedLogsInput,
  ch: ServerChannel<LogsEvent, never>,
): Promise<void> {
  const { engine } = services;
  const sources: SourceState[] = (await resolveSources(services, input.ids)).map((s, index) => ({
    ...s,
    index,
    last: null,
    live: undefined,
    ended: false,
  }));
  if (ch.signal.aborted) return;
  ch.emit({ type: 'sources', sources: sources.map(({ id, name, tty }) => ({ id, name, tty })) });

  const active = new Set<Readable>();
  let paused = false;
  const batcher = new LineBatcher((source, stream, count, bytes) => {
    if (!ch.emit({ type: 'lines', source, stream, count }, bytes) && !paused) {
      paused = true;
      active.forEach((s) => s.pause());
      void ch.ready().then(() => {
        paused = false;
        if (!ch.signal.aborted) active.forEach((s) => s.resume());
      });
    }
  });
  const offEvents: Array<() => void> = [];
  ch.onClose(() => {
    batcher.dispose();
    offEvents.forEach((f) => f());
    active.forEach((s) => s.destroy());
    active.clear();
  });

  /** Reads one engine log stream to its end, line by line into the batcher. */
  const pump = (src: SourceState, stream: Readable, skipUpTo: [number, number] | null) =>
    new Promise<void>((resolve, reject) => {
      active.add(stream);
      if (paused) stream.pause();
      const ts = true;
      const onLine = (kind: LogStream) => (line: Buffer) => {
        const parsed = fastLineTimestamp(line);
        if (parsed) {
          if (skipUpTo && compareTimestamps(parsed, skipUpTo) <= 0) return;
          // The newest, not the latest: stdout and stderr reach the log file slightly out of time order.
          if (!src.last || compareTimestamps(parsed, src.last) > 0) src.last = parsed;
        }
        batcher.add(src.index, kind, line);
      };
      let feed: (chunk: Buffer) => void;
      let finish: () => void;
      if (src.tty) {
        const asm = new LineAssembler(MAX_LINE_BYTES, { tty: true, timestamps: ts });
        const out = onLine('tty');
        feed = (chunk) => asm.push(chunk, out);
        finish = () => asm.flush(out);
      } else {
        const demux = new LogDemuxer();
        const asm = { stdout: new LineAssembler(MAX_LINE_BYTES, { tty: false, timestamps: ts }), stderr: new LineAssembler(MAX_LINE_BYTES, { tty: false, timestamps: ts }) };
        const out = { stdout: onLine('stdout'), stderr: onLine('stderr') };
        feed = (chunk) => demux.push(chunk, (kind, payload) => asm[kind].push(payload, out[kind], true));
        finish = () => {
          asm.stdout.flush(out.stdout);
          asm.stderr.flush(out.stderr);
        };
      }
      let done = false;
      const end = (err?: unknown) => {
        if (done) return;
        done = true;
        active.delete(stream);
        if (err && !ch.signal.aborted) reject(err);
        else {
          finish();
          resolve();
        }
      };
      stream.on('data', (chunk: Buffer) => feed(chunk));
      stream.on('end', () => end());
      stream.on('close', () => end());
      stream.on('error', (e) => end(e));
    });

  const docker = engine.client();
  try {
    for (const src of sources) {
      if (ch.signal.aborted) return;
      const s = await openEngineLog(docker, src.id, {
        follow: false,
        tail: input.tail,
        since: input.since !== undefined ? sinceParam(input.since) : undefined,
        timestamps: true,
      });
      await pump(src, s, null);
    }
  } catch (e) {
    throw engine.fail(e);
  }
  if (ch.signal.aborted) return;
  batcher.flush();
  ch.emit({ type: 'caught-up' });
  if (!input.follow) {
    ch.end();
    return;
  }

  const follow = async (src: SourceState) => {
    if (src.live || ch.signal.aborted) return;
    src.ended = false;
    try {
      // Resume right after the newest line sent; with nothing sent yet, only new lines.
      const s = await openEngineLog(engine.client(), src.id, {
        follow: true,
        tail: src.last ? 'all' : 0,
        since: src.last ? sinceFromTimestamp(src.last) : undefined,
        timestamps: true,
      });
      if (ch.signal.aborted) {
        s.destroy();
        return;
      }
      src.live = s;
      await pump(src, s, src.last);
      batcher.flush();
      if (!ch.signal.aborted) ch.emit({ type: 'source-ended', source: src.index, reason: 'The log stream ended (the container stopped).' });
    } catch (e) {
      if (!ch.signal.aborted) ch.emit({ type: 'source-ended', source: src.index, reason: engine.fail(e).message });
    } finally {
      src.live = undefined;
      src.ended = true;
    }
  };

  // A container that starts again writes to the same log: pick it up where we left off.
  offEvents.push(
    engine.onEvent((ev) => {
      if (ev.type !== 'container' || ev.action !== 'start') return;
      const src = sources.find((s) => s.id === ev.id);
      if (src && !src.live) void follow(src);
    }),
  );
  await Promise.all(sources.map((s) => follow(s)));
}
