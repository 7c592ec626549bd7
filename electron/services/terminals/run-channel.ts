import { judgeExit } from '../activity/outcome';
import type { RunEvent, OutputStream } from '../../../shared/contract/runner';
import type { ServerChannel } from '../../../shared/rpc/server';
import { Batcher } from './fanout';
import type { TerminalDeps } from './manager';
import { startRun, type RunHandle } from './run-exec';

/** Containers run at once in a batch. Why 4: two cores; exec start costs little but dozens at once starve the engine. */
const CONCURRENCY = 4;

/**
 * One `runner.run` channel: the script in each container, output streamed
 * live per container and stream, one exit event each, then 'done'. The
 * channel's flow control pauses every exec stream while the client is behind.
 */
export function runOnChannel(
  deps: Pick<TerminalDeps, 'engine' | 'activity'>,
  input: { containers: string[]; script: string; timeoutSeconds: number; user?: string; workingDir?: string },
  ch: ServerChannel<RunEvent, { type: 'cancel'; container?: string }>,
): void {
  const handles = new Map<string, RunHandle>();
  const cancelled = new Set<string>();
  let all = false;
  let paused = false;
  const offFlow = ch.onFlow((p) => {
    paused = p;
    handles.forEach((h) => (p ? h.pause() : h.resume()));
  });
  ch.onPush(({ container }) => {
    if (container === undefined) {
      all = true;
      handles.forEach((h) => h.cancel());
    } else {
      cancelled.add(container);
      handles.get(container)?.cancel();
    }
  });
  ch.onClose(() => {
    offFlow();
    all = true;
    handles.forEach((h) => h.cancel());
  });

  const refs = [...new Set(input.containers)];
  const params = {
    // Whole, as typed (the log redacts secrets and cuts very long text).
    command: input.script,
    lines: input.script.split('\n').length,
    timeoutSeconds: input.timeoutSeconds,
    user: input.user,
    workingDir: input.workingDir,
    client: ch.client.id,
  };
  const runOne = async (ref: string) => {
    if (all || cancelled.has(ref)) {
      ch.emit({ type: 'exit', container: ref, outcome: 'cancelled', exitCode: null, durationMs: 0 });
      return;
    }
    const batcher = new Batcher<OutputStream>((stream, bytes) => ch.emit({ type: 'output', container: ref, stream }, bytes));
    const started = Date.now();
    try {
      await deps.activity.track('runner.run', { id: ref }, params, async () => {
        const h = await startRun(deps.engine, ref, {
          script: input.script,
          user: input.user,
          workingDir: input.workingDir,
          timeoutMs: input.timeoutSeconds * 1000,
          onOutput: (s, b) => batcher.push(s, b),
        });
        handles.set(ref, h);
        if (paused) h.pause();
        if (all || cancelled.has(ref)) h.cancel();
        ch.emit({ type: 'started', container: ref, id: h.container.id, name: h.container.name });
        const r = await h.done;
        batcher.flush();
        ch.emit({ type: 'exit', container: ref, ...r });
        return r;
      }, { judge: judgeExit });
    } catch (e) {
      batcher.flush();
      const err = deps.engine.fail(e);
      ch.emit({ type: 'exit', container: ref, outcome: 'failed', exitCode: null, durationMs: Date.now() - started, error: err.toData() });
    } finally {
      batcher.dispose();
    }
  };

  void (async () => {
    const queue = [...refs];
    const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) await runOne(ref);
    });
    await Promise.all(workers);
    ch.emit({ type: 'done' });
    ch.end();
  })();
}
