import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BerthError } from '../../shared/contract/errors';
import { toErrorData } from '../services/engine/errors';
import { createServices } from '../services/index';
import { keepServingOnEscapedErrors } from '../services/last-resort';
import { createRouter } from '../services/router';
import { startWebHost } from './host';

/** Default port: unassigned by IANA and unlikely to clash with dev servers. */
const DEFAULT_PORT = 7420;

const HELP = `Usage: npm run serve -- [options]

Serves Berth to your browser, with the same services as the desktop app.

  --port N             port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS       address to bind (default 127.0.0.1). Anything but loopback
                       exposes your container engine to that network: think twice.
  --allow-host-shell   allow terminal tabs with a shell on this machine

Whoever can use Berth can use the container engine, which is root on its host.
So by default containers made here bind only folders inside Berth's workspaces
folder, and get no privileged mode, added capabilities or host namespaces:
  --allow-bind DIR     also bind folders inside DIR (repeat for more; links
                       are followed before the check)
  --allow-privileged   allow privileged containers (root on this machine)
  --allow-cap-add      allow added capabilities (--cap-add)
  --allow-host-pid     allow the host's PID namespace (--pid host)
  --allow-host-network allow the host's network (--network host)
  --help               show this

Environment: BERTH_TOKEN (else a new token each start), BERTH_DATA_DIR, DOCKER_HOST.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host-shell': { type: 'boolean' },
      'allow-bind': { type: 'string', multiple: true },
      'allow-privileged': { type: 'boolean' },
      'allow-cap-add': { type: 'boolean' },
      'allow-host-pid': { type: 'boolean' },
      'allow-host-network': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = values.port === undefined ? Number(process.env.BERTH_PORT ?? DEFAULT_PORT) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BerthError('invalid-input', `--port ${values.port} is not a port number`);
  const host = values.host ?? '127.0.0.1';
  if (!/^(127\.|localhost$|::1$|\[::1\]$)/.test(host)) {
    console.warn(`WARNING: binding ${host}: anyone who can reach this address and learns the token controls your container engine.`);
  }
  const allowBind = values['allow-bind'] ?? [];
  for (const dir of allowBind) {
    if (!dir.trim()) throw new BerthError('invalid-input', '--allow-bind needs a folder');
  }
  const services = createServices({
    allowHostShell: values['allow-host-shell'] === true,
    containerPolicy: {
      allowBind,
      allowPrivileged: values['allow-privileged'] === true,
      allowCapAdd: values['allow-cap-add'] === true,
      allowHostPid: values['allow-host-pid'] === true,
      allowHostNetwork: values['allow-host-network'] === true,
    },
  });
  const web = await startWebHost({
    host,
    port,
    token: process.env.BERTH_TOKEN,
    staticRoot: join(__dirname, '..', 'renderer'),
    router: createRouter(services),
    downloads: services.downloads,
    toError: toErrorData,
  });
  console.log(`Berth is serving at ${web.url}`);
  console.log(`Open this URL to use it (it carries your access token): ${web.loginUrl}`);
  console.log(`Engine: ${services.engine.endpoint.display} · data: ${services.dataDir}`);
  console.log(`Containers may bind: ${(services.createPolicy.bindRoots ?? ['anywhere']).join(', ')}`);
  services.engine.onStatus((s) => console.log(`[engine] ${s.state}${s.message ? `: ${s.message}` : ''}`));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await web.close();
    await services.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

keepServingOnEscapedErrors();

main().catch((e: unknown) => {
  console.error(`berth: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
