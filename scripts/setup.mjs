// One step that makes a fresh clone ready: installs node_modules when missing or
// stale (node-pty compiles against Node's own headers), and with --test also
// provisions what the tests need (a Docker engine, the local test images, Chromium).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv.includes('--test') ? 'test' : 'app';
const log = (m) => console.log(`[setup] ${m}`);

function lockHash() {
  const lock = join(root, 'package-lock.json');
  return createHash('sha256').update(readFileSync(lock)).update(readFileSync(join(root, 'package.json'))).digest('hex');
}

function installDeps() {
  const stamp = join(root, 'node_modules', '.berth-install-stamp');
  const want = lockHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  // A linked node_modules is another checkout's install: npm ci here would empty it under that checkout.
  if (lstatSync(join(root, 'node_modules'), { throwIfNoEntry: false })?.isSymbolicLink()) {
    log('node_modules is a link to another checkout\'s install: not reinstalling here (run npm ci where it lives).');
    return;
  }
  const env = { ...process.env };
  // node-pty has no Linux prebuilds: node-gyp must build against the local Node headers, not download them.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  log('installing dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[setup] npm ci failed: see the output above.');
    process.exit(r.status ?? 1);
  }
  writeFileSync(stamp, want);
}

function ok(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function provisionForTests() {
  const engine = ok('docker', ['version']);
  const images = engine && ok('docker', ['image', 'inspect', 'berth-test/busybox:latest', 'berth-test/noshell:latest']);
  const chromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  const registry = existsSync('/usr/bin/docker-registry');
  const second = ok('docker', ['-H', process.env.BERTH_FUZZ_DOCKER_HOST ?? 'unix:///run/berth-engine2/docker.sock', 'image', 'inspect', 'berth-test/busybox:latest']);
  const tlsDir = '/var/lib/berth-tls';
  const tls = ok('docker', ['-H', 'tcp://127.0.0.1:2376', '--tlsverify', '--tlscacert', `${tlsDir}/ca.pem`, '--tlscert', `${tlsDir}/cert.pem`, '--tlskey', `${tlsDir}/key.pem`, 'image', 'inspect', 'berth-test/busybox:latest']);
  const ssh = existsSync('/var/lib/berth-ssh/authorized_keys') && ok('bash', ['-c', 'exec 3<>/dev/tcp/127.0.0.1/2222 && head -c 4 <&3 | grep -q ^SSH-']);
  if (engine && images && chromium && registry && second && tls && ssh) return;
  log(`provisioning: engine ${engine ? 'ok' : 'missing'}, test images ${images ? 'ok' : 'missing'}, chromium ${chromium ? 'ok' : 'missing'}, registry ${registry ? 'ok' : 'missing'}, second engine ${second ? 'ok' : 'missing'}, TLS engine ${tls ? 'ok' : 'missing'}, SSH engine ${ssh ? 'ok' : 'missing'}`);
  const r = spawnSync('bash', [join(root, 'scripts/provision.sh')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[setup] provisioning failed. On Debian, as root: bash scripts/provision.sh (installs docker.io, chromium, busybox-static; starts dockerd; builds the test images).');
    process.exit(r.status ?? 1);
  }
}

installDeps();
if (mode === 'test') provisionForTests();
