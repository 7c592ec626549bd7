import { describe, expect, it } from 'vitest';
import { runConformance } from '../../shared/rpc/conformance.testkit';
import type { Envelope, ServerFrame } from '../../shared/rpc/frames';
import { rawPageSend, StandinContents, StandinIpcMain, standinPage } from './ipc-standin.testkit';
import { ipcServerTransport } from './ipc-transport';

const ORIGIN = 'berth://app';

// The RPC protocol over Electron's IPC semantics (structured clone, sender checks), in process.
runConformance('Electron IPC (in-process stand-in)', async () => {
  const ipc = new StandinIpcMain();
  const contents = new StandinContents(`${ORIGIN}/index.html`);
  const server = ipcServerTransport(ipc, contents, ORIGIN);
  // The server must hold on its own, as if a compromised page skipped the preload's allow-list.
  const client = standinPage(ipc, contents, { guard: false });
  return {
    client,
    server,
    drop: () => contents.destroy(),
    dispose: async () => contents.destroy(),
  };
});

describe('Electron IPC transport (in-process stand-in)', () => {
  const setup = () => {
    const ipc = new StandinIpcMain();
    const contents = new StandinContents(`${ORIGIN}/index.html`);
    const server = ipcServerTransport(ipc, contents, ORIGIN);
    const seen: Array<Envelope<unknown>> = [];
    server.onMessage((env) => seen.push(env));
    return { ipc, contents, server, seen };
  };
  const tick = () => new Promise((r) => setTimeout(r, 20));
  const frame = { t: 'call', id: 1, method: 'engine.status', input: {} } as const;

  it('takes messages only from its own window’s main frame on its own origin', async () => {
    const { ipc, contents, seen } = setup();
    standinPage(ipc, contents, { frame: { url: `${ORIGIN}/index.html` } }).send({ frame }); // another frame object: a subframe
    standinPage(ipc, contents, { sender: new StandinContents(`${ORIGIN}/index.html`) }).send({ frame }); // another window
    const navigated = new StandinContents('https://evil.example/');
    const onNavigated = setup();
    standinPage(onNavigated.ipc, navigated).send({ frame });
    await tick();
    expect(seen).toEqual([]);
    standinPage(ipc, contents).send({ frame });
    await tick();
    expect(seen).toHaveLength(1);
  });

  it('refuses a page on another origin even in the window’s own main frame', async () => {
    const ipc = new StandinIpcMain();
    const contents = new StandinContents('https://evil.example/index.html');
    const server = ipcServerTransport(ipc, contents, ORIGIN);
    const seen: unknown[] = [];
    server.onMessage((e) => seen.push(e));
    standinPage(ipc, contents).send({ frame });
    await tick();
    expect(seen).toEqual([]);
  });

  it('carries bytes as a plain Uint8Array, never a Buffer, and keeps them byte-exact', async () => {
    const { ipc, contents, server, seen } = setup();
    const page = standinPage(ipc, contents);
    page.send({ frame: { t: 'push', id: 3, value: { seq: 1 } }, bytes: Buffer.from([0, 1, 2, 255]) });
    await tick();
    expect(seen[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(seen[0]!.bytes)).toBe(false);
    expect([...seen[0]!.bytes!]).toEqual([0, 1, 2, 255]);
    const back: Array<Envelope<ServerFrame>> = [];
    page.onMessage((e) => back.push(e));
    server.send({ frame: { t: 'event', id: 3, value: {} }, bytes: Buffer.from('ok') });
    await tick();
    expect(Buffer.isBuffer(back[0]!.bytes)).toBe(false);
    expect(new TextDecoder().decode(back[0]!.bytes)).toBe('ok');
  });

  it('lets no function cross, and the preload refuses frames the contract does not declare', () => {
    const { ipc, contents } = setup();
    const page = standinPage(ipc, contents);
    expect(() => page.send({ frame: { t: 'call', id: 1, method: 'engine.status', input: { f: () => 1 } } as never })).toThrow();
    expect(() => page.send({ frame: { t: 'call', id: 2, method: 'no.such', input: {} } })).toThrow(/undeclared method/);
    expect(() => rawPageSend(ipc, contents, { t: 'call', id: 3 }, () => 1)).toThrow();
  });

  it('a page that skips the preload still meets the RPC server’s frame checks (the payload stays untrusted)', async () => {
    const { ipc, contents, seen } = setup();
    rawPageSend(ipc, contents, { t: 'call', id: 4, method: 'no.such' }, 'not bytes');
    await tick();
    // Delivered as a frame without bytes: the server parses it and refuses it (see the conformance suite).
    expect(seen).toEqual([{ frame: { t: 'call', id: 4, method: 'no.such' } }]);
  });

  it('closes when the window is destroyed', async () => {
    const a = setup();
    const reasons: string[] = [];
    a.server.onClose((r) => reasons.push(r));
    a.contents.destroy();
    standinPage(a.ipc, a.contents).send({ frame });
    await tick();
    expect(reasons).toEqual(['window closed']);
    expect(a.seen).toEqual([]);
  });
});
