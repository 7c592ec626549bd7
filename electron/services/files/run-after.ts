import { judgeExit } from '../activity/outcome';
import type { Duplex } from 'node:stream';
import { parse } from 'shell-quote';
import { BerthError } from '../../../shared/contract/errors';
import type { RunAfter, UploadEvent, UploadPush } from '../../../shared/contract/files';
import type { ServerChannel } from '../../../shared/rpc/server';
import type { FilesServices as Services } from './services';
import type { ContainerFs } from './container-fs';
import { Demuxer } from '../engine/demux';

/**
 * The argv for a command line: plain words run directly (no shell needed, so
 * shell-less images work); anything with shell syntax (pipes, redirects,
 * variables, globs) runs under /bin/sh -c.
 */
export function commandArgv(command: string): string[] {
  let needsShell = /[$`*?~]|\\\n/.test(command);
  const words: string[] = [];
  if (!needsShell) {
    for (const tok of parse(command)) {
      if (typeof tok === 'string') words.push(tok);
      else needsShell = true;
    }
  }
  if (needsShell || words.length === 0) return ['/bin/sh', '-c', command];
  return words;
}

export async function runAfterUpload(
  services: Services,
  fs: ContainerFs,
  run: RunAfter,
  workDir: string,
  ch: ServerChannel<UploadEvent, UploadPush>,
  signal: AbortSignal,
): Promise<void> {
  const argv = commandArgv(run.command);
  // The whole command line is kept: the log says what ran, not just which program.
  const params = { workDir, wait: run.wait, command: run.command };
  const judge = (code: number | null | undefined) => (code === undefined ? undefined : judgeExit({ outcome: 'exited', exitCode: code }));
  await services.activity.track('files.runAfterUpload', { id: fs.id }, params, async (): Promise<number | null | undefined> => {
    try {
      const exec = await fs.exec({ Cmd: argv, WorkingDir: workDir, AttachStdout: run.wait, AttachStderr: run.wait, Tty: false });
      if (!run.wait) {
        await exec.startDetached();
        ch.emit({ type: 'exit', exitCode: null, detached: true });
        // Detached: nobody waits for its exit code, so starting it is the success.
        return undefined;
      }
      const stream = await exec.start({ stdin: false });
      const onAbort = () => stream.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      const demux = new Demuxer((which, bytes) => {
        if (!ch.emit({ type: 'output', stream: which }, bytes)) {
          // The client is behind: stop reading until it catches up.
          stream.pause();
          void ch.ready().then(() => stream.resume());
        }
      });
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (c: Buffer) => demux.push(c));
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', reject);
      });
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) throw new BerthError('cancelled', 'Cancelled');
      const info = await exec.inspect();
      ch.emit({ type: 'exit', exitCode: info.ExitCode ?? null, detached: false });
      return info.ExitCode ?? null;
    } catch (e) {
      throw e instanceof BerthError ? e : services.engine.fail(e);
    }
  }, { judge });
}
