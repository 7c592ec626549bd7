import type { Readable } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import type { LogSource, LogStream, LogsEvent } from '../../../shared/contract/logs';
import type { ServerChannel } from '../../../shared/rpc/server';
import type { Services } from '../index';
import { LineBatcher } from './batcher';
import { LogDemuxer } from './demux';
import { LineAssembler, compareTimestamps, fastLineTimestamp, sinceFromTimestamp, sinceParam } from './lines';

/** Lines longer than this are cut into pieces. Why 4 MiB: keeps a 1 MB line whole, bounds a runaway one. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Before reopening a log stream that broke while the engine stayed connected. */
const RETRY_PAUSE_MS = 250;

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
  /** A follow loop runs for it (also while it waits for a lost engine to be back). */
  following: boolean;
  ended: boolean;
}

/** Reads the containers' names and TTY flags; an unknown id is an error on its field. */
export async function resolveSources(services: Pick<Services, 'engine'>, ids: string[]): Promise<LogSource[]> {
  const port = services.engine.port;
  return Promise.all(
    ids.map(async (id, i) => {
      try {
        const info = await port.inspectContainer(id);
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
    following: false,
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

  /**
   * Reads one engine log stream to its end, line by line into the batcher.
   * 'ended' when the engine ended it; 'lost' when the connection went first:
   * then an unfinished last line is dropped, not sent cut, and is read again
   * whole on resume (it is newer than the last line sent).
   */
  const pump = (src: SourceState, stream: Readable, skipUpTo: [number, number] | null) =>
    new Promise<'ended' | 'lost'>((resolve, reject) => {
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
      const end = (how: 'ended' | 'lost', err?: unknown) => {
        if (done) return;
        done = true;
        active.delete(stream);
        if (err && !ch.signal.aborted) reject(err);
        else {
          if (how === 'ended') finish();
          resolve(how);
        }
      };
      stream.on('data', (chunk: Buffer) => feed(chunk));
      stream.on('end', () => end('ended'));
      stream.on('close', () => end('lost'));
      stream.on('error', (e) => end('lost', e));
    });

  try {
    for (const src of sources) {
      if (ch.signal.aborted) return;
      const s = await engine.port.openLogs(src.id, {
        follow: false,
        tail: input.tail,
        since: input.since !== undefined ? sinceParam(input.since) : undefined,
        timestamps: true,
      });
      if ((await pump(src, s, null)) === 'lost' && !ch.signal.aborted) {
        throw new BerthError('engine-unreachable', `The log of ${src.name} was cut off: the connection to the engine was lost.`);
      }
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

  /** Resolves true when the engine is connected again, false when the channel closes first. */
  const engineBack = () =>
    new Promise<boolean>((resolve) => {
      if (ch.signal.aborted) return resolve(false);
      if (engine.status.state === 'connected') return resolve(true);
      const off = engine.onStatus((s) => {
        if (s.state !== 'connected') return;
        off();
        ch.signal.removeEventListener('abort', closed);
        resolve(true);
      });
      const closed = () => (off(), resolve(false));
      ch.signal.addEventListener('abort', closed, { once: true });
    });

  const follow = async (src: SourceState) => {
    if (src.following || ch.signal.aborted) return;
    src.following = true;
    src.ended = false;
    let interrupted = false;
    try {
      for (;;) {
        let reason: string;
        try {
          // Resume right after the newest line sent; with nothing sent yet, only new lines.
          const s = await engine.port.openLogs(src.id, {
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
          if (interrupted) {
            interrupted = false;
            ch.emit({ type: 'source-resumed', source: src.index });
          }
          const how = await pump(src, s, src.last);
          src.live = undefined;
          batcher.flush();
          if (ch.signal.aborted) return;
          if (how === 'ended') {
            ch.emit({ type: 'source-ended', source: src.index, reason: 'The log stream ended (the container stopped).' });
            return;
          }
          reason = `The connection to the container engine was lost.`;
        } catch (e) {
          src.live = undefined;
          if (ch.signal.aborted) return;
          const err = engine.fail(e);
          if (err.code !== 'engine-unreachable') {
            ch.emit({ type: 'source-ended', source: src.index, reason: err.message });
            return;
          }
          reason = err.message;
        }
        // The engine went away, not the log: pick it up where we left off once the engine is back.
        batcher.flush();
        if (!interrupted) ch.emit({ type: 'source-interrupted', source: src.index, reason });
        interrupted = true;
        // Still connected (only this stream broke): a pause, so a stream that keeps breaking cannot spin.
        if (engine.status.state === 'connected') await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
        if (!(await engineBack())) return;
      }
    } finally {
      src.live = undefined;
      src.following = false;
      src.ended = true;
    }
  };

  // A container that starts again writes to the same log: pick it up where we left off.
  offEvents.push(
    engine.onEvent((ev) => {
      if (ev.type !== 'container' || ev.action !== 'start') return;
      const src = sources.find((s) => s.id === ev.id);
      if (src && !src.following) void follow(src);
    }),
  );
  await Promise.all(sources.map((s) => follow(s)));
}
