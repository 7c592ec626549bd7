import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BerthError } from '../contract/errors';
import { createClient } from './client';
import { channel, method } from './define';
import { FlowControl, MAX_PUSH_BYTES } from './flow';
import type { ClientTransport, ServerTransport } from './frames';
import { implement, serve, type ServerChannel } from './server';

/**
 * One conformance suite for every transport: the same calls, channels, errors and flow
 * control must behave identically in memory, over WebSocket and over IPC.
 */
export interface TransportPair {
  client: ClientTransport;
  server: ServerTransport;
  /** Drops the connection from outside, as a crashed host or network would. */
  drop(): void;
  dispose(): Promise<void>;
}

const testContract = {
  'test.echo': method(z.object({ text: z.string().max(100) }), z.object({ text: z.string() })),
  'test.fail': method(z.object({ code: z.enum(['not-found', 'conflict']) }), z.null()),
  'test.wait': method(z.object({}), z.string()),
  'test.badOutput': method(z.object({}), z.number()),
  'test.bytes': channel({
    input: z.object({ chunks: z.number().int(), size: z.number().int() }),
    event: z.object({ seq: z.number().int() }),
    push: z.never(),
  }),
  'test.wideBytes': channel({
    input: z.object({ chunks: z.number().int(), size: z.number().int() }),
    event: z.object({ seq: z.number().int() }),
    push: z.never(),
    flow: { high: 300_000, low: 150_000 },
  }),
  'test.sink': channel({
    input: z.object({ delayMs: z.number().int() }),
    event: z.object({ total: z.number().int() }),
    push: z.object({ tag: z.string() }),
  }),
};

export function runConformance(name: string, makePair: () => Promise<TransportPair>): void {
  describe(`rpc conformance over ${name}`, () => {
    const setup = async () => {
      const pair = await makePair();
      const seen = { waitAborted: false, bytesProduced: 0, bytesClosed: false, sinkBytes: 0, sinkPushes: 0 };
      const produce = async ({ chunks, size }: { chunks: number; size: number }, ch: ServerChannel<{ seq: number }, never>) => {
        ch.onClose(() => (seen.bytesClosed = true));
        for (let seq = 0; seq < chunks && !ch.signal.aborted; seq++) {
          const bytes = new Uint8Array(size).map((_, i) => (seq * 31 + i) & 0xff);
          seen.bytesProduced += size;
          if (!ch.emit({ seq }, bytes)) await ch.ready();
        }
        ch.end();
      };
      const router = implement(testContract, {
        'test.echo': ({ text }) => ({ text: text.toUpperCase() }),
        'test.fail': ({ code }) => {
          throw new BerthError(code, `failed with ${code}`, { field: 'name' });
        },
        'test.wait': (_i, ctx) =>
          new Promise<string>((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => {
              seen.waitAborted = true;
              reject(new Error('aborted'));
            });
          }),
        'test.badOutput': () => 'not a number' as unknown as number,
        'test.bytes': produce,
        'test.wideBytes': produce,
        'test.sink': ({ delayMs }, ch) => {
          ch.onPush(async (_v, bytes) => {
            seen.sinkPushes++;
            await new Promise((r) => setTimeout(r, delayMs));
            seen.sinkBytes += bytes?.byteLength ?? 0;
            ch.emit({ total: seen.sinkBytes });
          });
        },
      });
      const server = serve(router, pair.server, { id: 't', host: 'memory' }, { log: () => {} });
      const client = createClient(testContract, pair.client);
      return { pair, client, server, seen };
    };

    it('answers a call with the handler result', async () => {
      const { client, pair } = await setup();
      await expect(client.call('test.echo', { text: 'hi' })).resolves.toEqual({ text: 'HI' });
      await pair.dispose();
    });

    it('rejects input outside the schema before the handler runs', async () => {
      const { client, pair } = await setup();
      const err = await client.call('test.echo', { text: 'x'.repeat(101) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BerthError);
      expect((err as BerthError).code).toBe('invalid-input');
      expect((err as BerthError).message).toMatch(/text/);
      await pair.dispose();
    });

    it('carries errors as data with code and field', async () => {
      const { client, pair } = await setup();
      const err = (await client.call('test.fail', { code: 'conflict' }).catch((e: unknown) => e)) as BerthError;
      expect(err.code).toBe('conflict');
      expect(err.field).toBe('name');
      expect(err.message).toBe('failed with conflict');
      await pair.dispose();
    });

    it('refuses a handler result outside the contract', async () => {
      const { client, pair } = await setup();
      const err = (await client.call('test.badOutput', {}).catch((e: unknown) => e)) as BerthError;
      expect(err.code).toBe('internal');
      await pair.dispose();
    });

    it('refuses unknown methods and malformed frames', async () => {
      const { pair } = await setup();
      const replies: unknown[] = [];
      pair.client.onMessage((env) => replies.push(env.frame));
      pair.client.send({ frame: { t: 'call', id: 7, method: 'test.nope', input: {} } });
      pair.client.send({ frame: { t: 'call', id: 8, method: 42, input: {} } as never });
      await new Promise((r) => setTimeout(r, 100));
      expect(replies).toContainEqual(expect.objectContaining({ id: 7, ok: false, error: expect.objectContaining({ code: 'invalid-input' }) }));
      expect(replies).toContainEqual(expect.objectContaining({ id: 8, ok: false, error: expect.objectContaining({ code: 'invalid-input' }) }));
      await pair.dispose();
    });

    it('cancels a call: the handler sees the abort and the caller gets "cancelled"', async () => {
      const { client, pair, seen } = await setup();
      const abort = new AbortController();
      const p = client.call('test.wait', {}, { signal: abort.signal });
      await new Promise((r) => setTimeout(r, 50));
      abort.abort();
      await expect(p).rejects.toMatchObject({ code: 'cancelled' });
      await new Promise((r) => setTimeout(r, 50));
      expect(seen.waitAborted).toBe(true);
      await pair.dispose();
    });

    it('streams bytes in order and byte-exact, then ends', async () => {
      const { client, pair } = await setup();
      const got: number[] = [];
      let exact = true;
      await new Promise<void>((resolve, reject) => {
        client.open('test.bytes', { chunks: 50, size: 1000 }, {
          onEvent: ({ seq }, bytes) => {
            got.push(seq);
            if (!bytes || bytes.byteLength !== 1000) exact = false;
            else for (let i = 0; i < 1000; i++) if (bytes[i] !== ((seq * 31 + i) & 0xff)) exact = false;
          },
          onEnd: (e) => (e ? reject(e) : resolve()),
        });
      });
      expect(got).toEqual([...Array(50).keys()]);
      expect(exact).toBe(true);
      await pair.dispose();
    });

    it('pauses the producer while the consumer has not acked, and resumes on acks', async () => {
      const { client, pair, seen } = await setup();
      const held: Array<() => void> = [];
      const ch = client.open('test.bytes', { chunks: 1000, size: 10_000 }, {
        manualAck: true,
        onEvent: (_v, _b, done) => held.push(done),
      });
      await new Promise((r) => setTimeout(r, 200));
      // Stopped just past the high watermark: not the 10 MB asked for.
      expect(seen.bytesProduced).toBeGreaterThan(FlowControl.HIGH_WATERMARK);
      expect(seen.bytesProduced).toBeLessThanOrEqual(FlowControl.HIGH_WATERMARK + 10_000);
      const before = seen.bytesProduced;
      held.splice(0).forEach((d) => d());
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.bytesProduced).toBeGreaterThan(before);
      ch.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(seen.bytesClosed).toBe(true);
      await pair.dispose();
    });

    it("keeps a channel's own flow window: pauses past its high mark, resumes only under its low mark", async () => {
      const { client, pair, seen } = await setup();
      const held: Array<() => void> = [];
      const ch = client.open('test.wideBytes', { chunks: 1000, size: 10_000 }, {
        manualAck: true,
        onEvent: (_v, _b, done) => held.push(done),
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.bytesProduced).toBeGreaterThan(300_000);
      expect(seen.bytesProduced).toBeLessThanOrEqual(310_000);
      // 100 kB acked leaves ~210 kB outstanding, above the low mark: still paused.
      held.splice(0, 10).forEach((d) => d());
      await new Promise((r) => setTimeout(r, 200));
      const paused = seen.bytesProduced;
      expect(paused).toBeLessThanOrEqual(310_000);
      // Under the low mark: resumes.
      held.splice(0, 10).forEach((d) => d());
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.bytesProduced).toBeGreaterThan(paused);
      ch.close();
      await pair.dispose();
    });

    it('applies backpressure to pushes until the server has consumed them', async () => {
      const { client, pair, seen } = await setup();
      const totals: number[] = [];
      const ch = client.open('test.sink', { delayMs: 20 }, { onEvent: ({ total }) => totals.push(total) });
      const chunk = new Uint8Array(40_000);
      const started = Date.now();
      for (let i = 0; i < 6; i++) await ch.push({ tag: 'x' }, chunk);
      // 240 KB pushed with a 100 KB window: the last pushes had to wait for acks.
      expect(Date.now() - started).toBeGreaterThanOrEqual(40);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.sinkBytes).toBe(240_000);
      expect(totals.at(-1)).toBe(240_000);
      ch.close();
      await pair.dispose();
    });

    it('disconnects a client that pushes past its window without waiting for acks', async () => {
      const { client, pair, seen } = await setup();
      const frames: Array<{ t: string; id: number; error?: { message: string } }> = [];
      pair.client.onMessage((env) => frames.push(env.frame as (typeof frames)[number]));
      let closedBy: string | undefined;
      pair.client.onClose((reason) => (closedBy = reason));
      const id = 1_000_000;
      pair.client.send({ frame: { t: 'open', id, channel: 'test.sink', input: { delayMs: 1000 } } });
      await new Promise((r) => setTimeout(r, 50));
      const chunk = new Uint8Array(MAX_PUSH_BYTES);
      for (let i = 0; i < 20; i++) pair.client.send({ frame: { t: 'push', id, value: { tag: 'x' } }, bytes: chunk });
      await new Promise((r) => setTimeout(r, 500));
      // The channel ended saying why; a transport that can close was closed with the reason.
      expect(frames).toContainEqual(expect.objectContaining({ t: 'end', id, error: expect.objectContaining({ message: expect.stringMatching(/flow window/) }) }));
      if (pair.server.close) expect(closedBy).toMatch(/flow window/);
      expect(seen.sinkPushes).toBeLessThanOrEqual(1);
      // Nothing hangs afterwards: a call is refused, by the server or by the closed transport.
      await expect(client.call('test.echo', { text: 'hi' })).rejects.toBeInstanceOf(BerthError);
      await pair.dispose();
    });

    it('rejects pending calls and ends channels when the connection drops', async () => {
      const { client, pair, seen } = await setup();
      let ended: BerthError | undefined;
      client.open('test.bytes', { chunks: 1_000_000, size: 10 }, { manualAck: true, onEvent: () => {}, onEnd: (e) => (ended = e) });
      const p = client.call('test.wait', {});
      await new Promise((r) => setTimeout(r, 50));
      pair.drop();
      await expect(p).rejects.toMatchObject({ code: 'disconnected' });
      await new Promise((r) => setTimeout(r, 100));
      expect(ended?.code).toBe('disconnected');
      expect(seen.waitAborted).toBe(true);
      expect(seen.bytesClosed).toBe(true);
      await pair.dispose();
    });
  });
}
