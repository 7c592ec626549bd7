/**
 * Remote engines: GET /containers/json?all=1 through Berth's connection
 * factory over SSH (docker system dial-stdio, as the Docker CLI does) vs the
 * same engine over its local socket; over TLS vs `docker -H tcp://… --tlsverify
 * ps -a` in the same run. First call (connection set-up included) and the
 * median of 20 warm calls. Prints figures; asserts nothing.
 * Needs scripts/tls-engine.sh and scripts/ssh-engine.sh (npm run bench runs setup --test).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEngine, type ConnectDeps } from '../electron/services/engines/connect';
import type { Endpoint } from '../electron/services/engines/endpoint';

const T = '/var/lib/berth-tls';
const S = '/var/lib/berth-ssh';
const N = 20;
const deps: ConnectDeps = { knownHostsFiles: [`${S}/known_hosts`], env: {}, defaultKeyFiles: [] };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function berth(ep: Endpoint): Promise<{ first: number; warm: number; count: number }> {
  const t0 = performance.now();
  const conn = await connectEngine(ep, {}, deps);
  let count = (await conn.docker.listContainers({ all: true })).length;
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    count = (await conn.docker.listContainers({ all: true })).length;
    times.push(performance.now() - t);
  }
  await conn.close();
  return { first, warm: median(times), count };
}

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    execFileSync('docker', args, { stdio: 'ignore', env });
    times.push(performance.now() - t);
  }
  return median(times);
}

const sock = await berth({ kind: 'unix', path: '/var/run/docker.sock' });
const ssh = await berth({ kind: 'ssh', user: 'root', host: '127.0.0.1', port: 2222, identityFile: `${S}/id_ed25519`, useAgent: false });
const tls = await berth({ kind: 'tcp', host: '127.0.0.1', port: 2376, tls: { ca: `${T}/ca.pem`, cert: `${T}/cert.pem`, key: `${T}/key.pem`, verify: true } });
const cliTls = cli(['-H', 'tcp://127.0.0.1:2376', '--tlsverify', '--tlscacert', `${T}/ca.pem`, '--tlscert', `${T}/cert.pem`, '--tlskey', `${T}/key.pem`, 'ps', '-a']);
// The Docker CLI runs the system ssh: a wrapper first on PATH gives it the test key and known_hosts,
// so nothing of the user's ~/.ssh is read or written.
const wrap = mkdtempSync(join(tmpdir(), 'berth-bench-ssh-'));
writeFileSync(join(wrap, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -i ${S}/id_ed25519 -o UserKnownHostsFile=${S}/known_hosts -o IdentitiesOnly=yes "$@"\n`, { mode: 0o755 });
const cliSsh = cli(['-H', 'ssh://root@127.0.0.1:2222', 'ps', '-a'], { ...process.env, PATH: `${wrap}:${process.env.PATH ?? ''}` });
rmSync(wrap, { recursive: true, force: true });

console.log(`list containers (${sock.count} on the first engine, ${tls.count} on the TLS engine), first call incl. connecting / median of ${N} warm calls`);
console.log(`  socket              ${ms(sock.first).padStart(10)} / ${ms(sock.warm)}`);
console.log(`  SSH (dial-stdio)    ${ms(ssh.first).padStart(10)} / ${ms(ssh.warm)}   warm ×${(ssh.warm / sock.warm).toFixed(1)} the socket`);
console.log(`  TLS                 ${ms(tls.first).padStart(10)} / ${ms(tls.warm)}`);
console.log(`  docker --tlsverify ps -a (whole CLI run, median of 5): ${ms(cliTls)}`);
console.log(`  docker -H ssh:// ps -a (whole CLI run, median of 5):   ${ms(cliSsh)}`);
