import { execFile } from 'node:child_process';

/** The docker CLI: integration tests' independent witness of what the services did. */
export function dockerCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** Removes every container carrying `berth.test=<area>`. */
export async function removeLabelled(area: string): Promise<void> {
  const ids = (await dockerCli(['ps', '-aq', '--filter', `label=berth.test=${area}`])).split('\n').filter(Boolean);
  if (ids.length) await dockerCli(['rm', '-f', '-v', ...ids]).catch(() => undefined);
}

export const TEST_IMAGE = 'berth-test/busybox:latest';

export async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  } while (Date.now() < end);
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}
