import { execFile } from 'node:child_process';

/** The `docker` CLI, the tests' independent witness of what Berth did. */
export function docker(args: string[], opts: { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** Removes every container whose name starts with the prefix (tests name all theirs with one). */
export async function removeByPrefix(prefix: string): Promise<void> {
  const ids = (await docker(['ps', '-aq', '--filter', `name=^/${prefix}`])).split('\n').filter(Boolean);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]).catch(() => undefined);
}

export const TEST_IMAGE = 'berth-test/busybox:latest';
export const NOSHELL_IMAGE = 'berth-test/noshell:latest';
