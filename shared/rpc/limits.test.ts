import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient } from './client';
import { channel, method } from './define';
import { MAX_PUSH_BYTES } from './flow';
import type { ServerFrame } from './frames';
import { CloseCode } from './limits';
import { memoryPair } from './memory';
import { implement, serve } from './server';

/**
 * The server bounds what one connection can make it hold, whatever the client
 * does: these tests play the misbehaving client with raw frames.
 */
const contract = {
  'test.ping': method(z.object({}), z.string()),
  'test.wait': method(z.object({}), z.string()),
  'test.watch': channel({ input: z.object({}), event: z.object({ n: z.number() }), push: z.never() }),
  'test.follow': channel({ input: z.object({}), event: z.object({ n: z.number() }), push: z.never(), engine: true }),
  'test.followMany': channel({ input: z.object({ ids: z.array(z.string()) }), event: z.object({ n: z.number() }), push: z.never(), engine: ({ ids }) => ids.length }),
  'test.sink': channel({ input: z.object({ stall: z.boolean() }), event: z.object({ total: z.number() }), push: z.object({ tag: z.string() }) }),
};

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

function setup(
  limits?: { maxChannels?: number; maxEngineStreams?: number; maxCalls?: number; maxHeldPushBytes?: number },
  opts: { noClose?: boolean } = {},
) {
  const pair = memoryPair();
  // As a transport that has no way to close from the server's side.
  if (opts.noClose) delete pair.server.close;
  const seen = { received: 0, pushes: 0, opened: 0, order: [] as number[] };
  const router = implement(contract, {
    'test.ping': () => 'pong',
    'test.wait': (_i, ctx) => new Promise<string>((_r, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    'test.watch': (_i, ch) => {
      seen.opened++;
      ch.emit({ n: 1 });
    },
    'test.follow': (_i, ch) => {
      seen.opened++;
      ch.emit({ n: 1 });
    },
    'test.followMany': (_i, ch) => {
      seen.opened++;
      ch.emit({ n: 1 });
    },
    'test.sink': ({ stall }, ch) => {
      ch.onPush(async (_v, bytes) => {
        seen.pushes++;
        seen.received += bytes?.byteLength ?? 0;
        if (bytes) seen.order.push(bytes[0]!);
        // A stalled consumer (a pty that is not read, a full disk) never finishes a push.
        if (stall) await new Promise(() => {});
        else await tick(2);
      });
    },
  });
  const closes: string[] = [];
  pair.client.onClose((r) => closes.push(r));
  const frames: ServerFrame[] = [];
  pair.client.onMessage((env) => frames.push(env.frame));
  serve(router, pair.server, { id: 'misbehaving', host: 'memory' }, { log: () => {}, limits });
  return { pair, seen, closes, frames };
}

describe('the server enforces the push window', () => {
  it('disconnects a client that pushes past its window without waiting for acks, with a clear close code', async () => {
    const { pair, seen, closes, frames } = setup();
    pair.client.send({ frame: { t: 'open', id: 1, channel: 'test.sink', input: { stall: true } } });
    await tick();
    const chunk = new Uint8Array(MAX_PUSH_BYTES);
    for (let i = 0; i < 40; i++) pair.client.send({ frame: { t: 'push', id: 1, value: { tag: 'x' } }, bytes: chunk });
    await tick(100);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toContain(String(CloseCode.PUSH_WINDOW));
    expect(closes[0]).toMatch(/flow window/);
    // The first push was inside the window; the second came while the first was unacked past the window,
    // and nothing queued behind it is handled.
    expect(seen.pushes).toBeLessThanOrEqual(1);
    expect(frames).toContainEqual(expect.objectContaining({ t: 'end', id: 1, error: expect.objectContaining({ message: expect.stringMatching(/flow window/) }) }));
  });

  it('over a transport that cannot close, answers every later call and open with the reason', async () => {
    const { pair, frames, closes } = setup(undefined, { noClose: true });
    pair.client.send({ frame: { t: 'open', id: 1, channel: 'test.sink', input: { stall: true } } });
    pair.client.send({ frame: { t: 'call', id: 2, method: 'test.wait', input: {} } });
    await tick();
    const chunk = new Uint8Array(MAX_PUSH_BYTES);
    for (let i = 0; i < 3; i++) pair.client.send({ frame: { t: 'push', id: 1, value: { tag: 'x' } }, bytes: chunk });
    await tick(50);
    pair.client.send({ frame: { t: 'call', id: 3, method: 'test.ping', input: {} } });
    pair.client.send({ frame: { t: 'open', id: 4, channel: 'test.watch', input: {} } });
    await tick(50);
    expect(closes).toEqual([]);
    const why = expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(/flow window/) });
    expect(frames).toContainEqual(expect.objectContaining({ t: 'end', id: 1, error: why }));
    expect(frames).toContainEqual(expect.objectContaining({ t: 'result', id: 2, ok: false, error: why }));
    expect(frames).toContainEqual(expect.objectContaining({ t: 'result', id: 3, ok: false, error: why }));
    expect(frames).toContainEqual(expect.objectContaining({ t: 'end', id: 4, error: why }));
  });

  it('refuses one push larger than a push may be, without holding it', async () => {
    const { pair, seen, frames, closes } = setup();
    pair.client.send({ frame: { t: 'open', id: 1, channel: 'test.sink', input: { stall: false } } });
    await tick();
    pair.client.send({ frame: { t: 'push', id: 1, value: { tag: 'x' } }, bytes: new Uint8Array(MAX_PUSH_BYTES + 1) });
    await tick(50);
    expect(seen.pushes).toBe(0);
    expect(frames).toContainEqual(expect.objectContaining({ t: 'end', id: 1, error: expect.objectContaining({ code: 'too-large' }) }));
    expect(closes).toHaveLength(0);
  });

  it('caps what one connection holds in pushes across its channels', async () => {
    const { pair, seen, closes } = setup({ maxHeldPushBytes: 4 * MAX_PUSH_BYTES });
    const chunk = new Uint8Array(MAX_PUSH_BYTES);
    for (let id = 1; id <= 10; id++) pair.client.send({ frame: { t: 'open', id, channel: 'test.sink', input: { stall: true } } });
    await tick();
    // One push per channel is inside each channel's window, but ten of them are past the connection's budget.
    for (let id = 1; id <= 10; id++) pair.client.send({ frame: { t: 'push', id, value: { tag: 'x' } }, bytes: chunk });
    await tick(100);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toContain(String(CloseCode.PUSH_WINDOW));
    expect(seen.pushes).toBeLessThanOrEqual(4);
  });

  it('keeps a well-behaved client inside the window: concurrent pushes, pushes larger than one frame, order kept', async () => {
    const { pair, seen, closes } = setup();
    const client = createClient(contract, pair.client);
    const ch = client.open('test.sink', { stall: false }, { onEvent: () => {} });
    const sends: Array<Promise<void>> = [];
    // Not awaited one by one, as terminal keystrokes and pastes are sent.
    for (let i = 0; i < 20; i++) sends.push(ch.push({ tag: 'x' }, new Uint8Array(i % 5 === 0 ? 3 * MAX_PUSH_BYTES + 7 : 60_000).fill(i)));
    await Promise.all(sends);
    await tick(300);
    expect(closes).toEqual([]);
    const expected = [...Array(20).keys()].reduce((n, i) => n + (i % 5 === 0 ? 3 * MAX_PUSH_BYTES + 7 : 60_000), 0);
    expect(seen.received).toBe(expected);
    // Every piece arrived in the order pushed (a split push's pieces together).
    const runs = seen.order.filter((v, i, a) => i === 0 || a[i - 1] !== v);
    expect(runs).toEqual([...Array(20).keys()]);
    expect(ch.closed).toBe(false);
    ch.close();
  });
});

describe('the client after a reconnect', () => {
  it('sends a push that was waiting for the window on the reopened channel', async () => {
    const first = setup();
    const client = createClient(contract, first.pair.client);
    const ch = client.open('test.sink', { stall: true }, { resilient: true, onEvent: () => {} });
    await ch.push({ tag: 'x' }, new Uint8Array(MAX_PUSH_BYTES).fill(1));
    const waiting = ch.push({ tag: 'x' }, new Uint8Array(10).fill(2));
    await tick(50);
    expect(first.seen.pushes).toBe(1);
    first.pair.close('dropped');
    const second = setup();
    client.attach(second.pair.client);
    await waiting;
    await tick(50);
    expect(second.seen.order).toEqual([2]);
    expect(second.closes).toEqual([]);
  });
});

describe('the server caps channels and calls per connection', () => {
  it('ends channels past the cap with a clear error, and the connection keeps working', async () => {
    const { pair, seen, frames, closes } = setup({ maxChannels: 50 });
    for (let id = 1; id <= 60; id++) pair.client.send({ frame: { t: 'open', id, channel: 'test.watch', input: {} } });
    await tick(50);
    expect(seen.opened).toBe(50);
    const refused = frames.filter((f) => f.t === 'end' && f.error?.code === 'too-large');
    expect(refused.map((f) => f.id)).toEqual([...Array(10).keys()].map((i) => 51 + i));
    expect(refused[0]).toMatchObject({ error: { message: expect.stringMatching(/50 channels/) } });
    // Closing one makes room for another.
    pair.client.send({ frame: { t: 'cancel', id: 1 } });
    pair.client.send({ frame: { t: 'open', id: 100, channel: 'test.watch', input: {} } });
    await tick(50);
    expect(seen.opened).toBe(51);
    pair.client.send({ frame: { t: 'call', id: 200, method: 'test.ping', input: {} } });
    await tick(50);
    expect(frames).toContainEqual({ t: 'result', id: 200, ok: true, value: 'pong' });
    expect(closes).toEqual([]);
  });

  it('caps channels that hold engine streams lower, as the contract declares them', async () => {
    const { pair, seen, frames } = setup({ maxChannels: 100, maxEngineStreams: 5 });
    for (let id = 1; id <= 8; id++) pair.client.send({ frame: { t: 'open', id, channel: 'test.follow', input: {} } });
    for (let id = 11; id <= 18; id++) pair.client.send({ frame: { t: 'open', id, channel: 'test.watch', input: {} } });
    await tick(50);
    expect(seen.opened).toBe(5 + 8);
    const refused = frames.filter((f) => f.t === 'end' && f.error?.code === 'too-large');
    expect(refused.map((f) => f.id)).toEqual([6, 7, 8]);
    expect(refused[0]).toMatchObject({ error: { message: expect.stringMatching(/5 engine streams/) } });
    // A channel that ends by itself gives its slot back too.
    pair.client.send({ frame: { t: 'cancel', id: 2 } });
    pair.client.send({ frame: { t: 'open', id: 9, channel: 'test.follow', input: {} } });
    await tick(50);
    expect(seen.opened).toBe(14);
  });

  it('counts the engine streams a channel asks for by its input', async () => {
    const { pair, seen, frames } = setup({ maxEngineStreams: 10 });
    pair.client.send({ frame: { t: 'open', id: 1, channel: 'test.followMany', input: { ids: ['a', 'b', 'c', 'd', 'e', 'f'] } } });
    pair.client.send({ frame: { t: 'open', id: 2, channel: 'test.followMany', input: { ids: ['a', 'b', 'c', 'd', 'e'] } } });
    pair.client.send({ frame: { t: 'open', id: 3, channel: 'test.followMany', input: { ids: ['a', 'b', 'c', 'd'] } } });
    await tick(50);
    expect(seen.opened).toBe(2);
    expect(frames.filter((f) => f.t === 'end' && f.error?.code === 'too-large').map((f) => f.id)).toEqual([2]);
  });

  it('caps calls in flight', async () => {
    const { pair, frames } = setup({ maxCalls: 10 });
    for (let id = 1; id <= 12; id++) pair.client.send({ frame: { t: 'call', id, method: 'test.wait', input: {} } });
    await tick(50);
    const refused = frames.filter((f) => f.t === 'result' && !f.ok);
    expect(refused.map((f) => f.id)).toEqual([11, 12]);
    expect(refused[0]).toMatchObject({ error: { code: 'too-large', message: expect.stringMatching(/10 calls/) } });
  });
});
