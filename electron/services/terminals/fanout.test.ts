import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient } from '../../../shared/rpc/client';
import { channel } from '../../../shared/rpc/define';
import { FlowControl } from '../../../shared/rpc/flow';
import { memoryPair } from '../../../shared/rpc/memory';
import { implement, serve } from '../../../shared/rpc/server';
import { Batcher, Fanout, ReplayBuffer } from './fanout';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ReplayBuffer', () => {
  it('keeps the latest bytes under the cap, cutting at a line start', () => {
    const r = new ReplayBuffer<'d'>(10, true);
    r.append('d', Buffer.from('aaaa\nbbbb\n'));
    r.append('d', Buffer.from('cc\ndd'));
    const kept = Buffer.concat(r.snapshot().map((c) => c.bytes)).toString();
    expect(kept).toBe('bbbb\ncc\ndd');
    expect(r.bytes).toBeLessThanOrEqual(10);
    expect(r.total).toBe(15);
    expect(r.dropped).toBe(5);
  });

  it('keeps tags in order and trims whole chunks when not cutting at lines', () => {
    const r = new ReplayBuffer<'out' | 'err'>(6, false);
    r.append('out', Buffer.from('1234'));
    r.append('err', Buffer.from('56'));
    r.append('out', Buffer.from('78'));
    expect(r.snapshot().map((c) => [c.tag, c.bytes.toString()])).toEqual([
      ['out', '34'],
      ['err', '56'],
      ['out', '78'],
    ]);
  });
});

describe('Batcher', () => {
  it('sends output after a quiet spell at once, joins what follows, flushes on a tag change and at the size cap', async () => {
    const out: Array<[string, string]> = [];
    const b = new Batcher<string>((t, bytes) => out.push([t, bytes.toString()]), 5, 4);
    b.push('a', Buffer.from('w'));
    expect(out).toEqual([['a', 'w']]); // an echo does not wait for the batch delay
    b.push('a', Buffer.from('x'));
    b.push('a', Buffer.from('y'));
    b.push('b', Buffer.from('z'));
    b.push('b', Buffer.from('123'));
    b.push('b', Buffer.from('q'));
    await wait(20);
    expect(out).toEqual([
      ['a', 'w'],
      ['a', 'xy'],
      ['b', 'z123'],
      ['b', 'q'],
    ]);
    // Quiet again: the next chunk goes at once.
    b.push('a', Buffer.from('e'));
    expect(out.at(-1)).toEqual(['a', 'e']);
  });
});

describe('Fanout over the RPC core', () => {
  const contract = {
    't.view': channel({ input: z.object({ replay: z.boolean() }), event: z.object({ type: z.literal('data') }), push: z.never() }),
  };

  it('replays kept output to a late viewer, then live output, and pauses the producer while it is behind', async () => {
    const flow: string[] = [];
    const fan = new Fanout<'d'>({ replayBytes: 1 << 20, cutAtLine: false, pause: () => flow.push('pause'), resume: () => flow.push('resume') });
    fan.write('d', Buffer.from('before '));
    const pair = memoryPair();
    serve(implement(contract, { 't.view': ({ replay }, ch) => fan.attach(ch, () => ({ type: 'data' as const }), { replay }) }), pair.server, { id: 'x', host: 'memory' });
    const client = createClient(contract, pair.client);
    const got: Buffer[] = [];
    const held: Array<() => void> = [];
    client.open('t.view', { replay: true }, { manualAck: true, onEvent: (_v, b, done) => (got.push(Buffer.from(b!)), held.push(done)) });
    await wait(20);
    fan.write('d', Buffer.from('after'));
    await wait(20);
    expect(Buffer.concat(got).toString()).toBe('before after');
    // Flood without acking: the producer is told to pause once past the window.
    for (let i = 0; i < 30; i++) fan.write('d', Buffer.alloc(10_000, 0x61));
    fan.flush();
    await wait(20);
    expect(flow).toEqual(['pause']);
    expect(fan.paused).toBe(true);
    held.splice(0).forEach((d) => d());
    await wait(20);
    expect(flow).toEqual(['pause', 'resume']);
    expect(Buffer.concat(got).length).toBe(12 + 300_000);
    expect(FlowControl.HIGH_WATERMARK).toBeLessThan(300_000);
    pair.close();
    fan.dispose();
  });
});
