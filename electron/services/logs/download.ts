import { PassThrough, type Readable } from 'node:stream';
import type { DownloadLink } from '../../../shared/contract/logs';
import type { Services } from '../index';
import { inWords } from '../activity/outcome';
import { downloadPath } from '../downloads';
import { LogDemuxer } from './demux';
import { LineAssembler } from './lines';
import { MAX_LINE_BYTES, resolveSources } from './stream';

/**
 * Turns an engine log stream into plain text as it flows: frames demultiplexed
 * (stdout and stderr in the engine's order), partial-message timestamps
 * removed. Backpressure passes through: the engine stream is paused while the
 * output is full.
 */
export function plainLog(engineStream: Readable, tty: boolean, timestamps: boolean): Readable {
  const out = new PassThrough();
  const write = (line: Buffer) => {
    if (!out.write(line)) {
      engineStream.pause();
      out.once('drain', () => engineStream.resume());
    }
  };
  let feed: (chunk: Buffer) => void;
  let finish: () => void;
  if (tty && !timestamps) {
    feed = write;
    finish = () => {};
  } else if (tty) {
    const asm = new LineAssembler(MAX_LINE_BYTES, { tty: true, timestamps });
    feed = (c) => asm.push(c, write);
    finish = () => asm.flush(write);
  } else {
    const demux = new LogDemuxer();
    const asm = {
      stdout: new LineAssembler(MAX_LINE_BYTES, { tty: false, timestamps }),
      stderr: new LineAssembler(MAX_LINE_BYTES, { tty: false, timestamps }),
    };
    feed = (c) => demux.push(c, (kind, payload) => asm[kind].push(payload, write, true));
    finish = () => {
      asm.stdout.flush(write);
      asm.stderr.flush(write);
    };
  }
  engineStream.on('data', (c: Buffer) => feed(c));
  engineStream.on('end', () => {
    finish();
    out.end();
  });
  engineStream.on('error', (e) => out.destroy(e));
  out.on('close', () => engineStream.destroy());
  return out;
}

/** Registers a streamed download of a container's whole log; the host serves the link. */
export async function registerLogDownload(
  services: Pick<Services, 'engine' | 'downloads' | 'activity'>,
  input: { id: string; timestamps: boolean },
): Promise<DownloadLink> {
  const [src] = await resolveSources(services, [input.id]);
  const source = src!;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const filename = `${source.name}-${stamp}.log`;
  const ticket = services.downloads.register({
    filename,
    contentType: 'text/plain; charset=utf-8',
    open: async (signal) => {
      const started = Date.now();
      let bytes = 0;
      try {
        const s = await services.engine.port.openLogs(source.id, { follow: false, tail: 'all', timestamps: input.timestamps }, signal);
        const text = plainLog(s, source.tty, input.timestamps);
        text.on('data', (c: Buffer) => (bytes += c.length));
        const record = (outcome: 'ok' | 'error' | 'cancelled', error?: Error) =>
          services.activity.record({
            action: 'logs.download',
            target: { id: source.id, name: source.name },
            params: { filename, timestamps: input.timestamps, bytes },
            outcome,
            ...(error ? inWords(error) : {}),
            durationMs: Date.now() - started,
          });
        text.once('end', () => record('ok'));
        text.once('error', (e) => record('error', e));
        text.once('close', () => {
          if (!text.readableEnded && !text.errored) record('cancelled');
        });
        return text;
      } catch (e) {
        throw services.engine.fail(e);
      }
    },
  });
  return { url: downloadPath(ticket), filename };
}
