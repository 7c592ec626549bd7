import type { Duplex } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import type { Engine } from '../engine/engine';
import { writeWithDrain, type BackendSink, type TerminalBackend } from './backend';

/**
 * Attaches to a TTY container's main process. Closing detaches (destroys our
 * connection) and leaves the container running; terminate and kill go to the
 * main process through the engine, which stops the container.
 */
export async function startAttach(engine: Engine, containerId: string, size: { cols: number; rows: number }, sink: BackendSink): Promise<TerminalBackend> {
  const port = engine.port;
  let stream: Duplex;
  try {
    stream = await port.attachContainer(containerId);
  } catch (e) {
    throw engine.fail(e);
  }
  let detaching = false;
  let ended = false;
  stream.on('data', (b: Buffer) => sink.data(b));
  const finish = async () => {
    if (ended) return;
    ended = true;
    if (detaching) return sink.end(null, 'Detached; the container keeps running.');
    try {
      const c = await port.inspectContainer(containerId);
      if (c.State.Running) sink.end(null, 'The connection to the container was lost.');
      else sink.end(c.State.ExitCode ?? null, `The container stopped (its exit code ${c.State.ExitCode}).`);
    } catch (e) {
      sink.end(
        null,
        engine.fail(e).code === 'not-found'
          ? 'The container is gone.'
          : 'Lost the connection to the container engine; the container keeps running. Reconnect once the engine is back.',
      );
    }
  };
  stream.on('end', () => void finish());
  stream.on('close', () => void finish());
  stream.on('error', () => void finish());

  const resize = async (cols: number, rows: number) => {
    if (ended) return;
    try {
      await port.resizeContainer(containerId, cols, rows);
    } catch (e) {
      if (!ended) throw engine.fail(e);
    }
  };
  await resize(size.cols, size.rows);

  return {
    write: (bytes) => writeWithDrain(stream, bytes),
    resize,
    async signal(signal) {
      if (ended) throw new BerthError('wrong-state', 'The session has ended.');
      if (signal === 'interrupt') return writeWithDrain(stream, Buffer.from('\x03'));
      try {
        await port.killContainer(containerId, signal === 'kill' ? 'SIGKILL' : 'SIGTERM');
      } catch (e) {
        throw engine.fail(e);
      }
    },
    async close() {
      detaching = true;
      stream.destroy();
    },
    pause: () => stream.pause(),
    resume: () => stream.resume(),
  };
}
