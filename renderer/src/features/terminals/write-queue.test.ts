import { describe, expect, it } from 'vitest';
import { WriteQueue, type Schedule } from './write-queue';

/** A stand-in for xterm: records writes; the test decides when each is parsed. */
function fakeTerm() {
  const writes: { data: Uint8Array; parsed: () => void }[] = [];
  return {
    writes,
    write(data: Uint8Array, cb: () => void) {
      writes.push({ data: data.slice(), parsed: cb });
    },
    text: () => writes.map((w) => new TextDecoder().decode(w.data)),
  };
}
const b = (s: string) => new TextEncoder().encode(s);

describe('terminal write queue', () => {
  it('writes a chunk at once to an idle terminal, then coalesces what arrives while it parses', () => {
    const term = fakeTerm();
    const q = new WriteQueue(term, { visible: () => true });
    const acked: string[] = [];
    q.push(b('a'), () => acked.push('a'));
    expect(term.text()).toEqual(['a']);
    q.push(b('b'), () => acked.push('b'));
    q.push(b('c'), () => acked.push('c'));
    expect(term.writes).toHaveLength(1);
    expect(q.queued).toBe(2);

    term.writes[0]!.parsed();
    expect(acked).toEqual(['a']);
    expect(term.text()).toEqual(['a', 'bc']);
    term.writes[1]!.parsed();
    expect(acked).toEqual(['a', 'b', 'c']);
    expect(q.queued).toBe(0);
  });

  it('never writes more than maxBatch at once, except a single larger chunk, and keeps the order', () => {
    const term = fakeTerm();
    const q = new WriteQueue(term, { visible: () => true, maxBatch: 4 });
    q.push(b('0'), () => {});
    for (const s of ['12', '34', '5', '678901', '2']) q.push(b(s), () => {});
    while (term.writes.some((w) => w.parsed !== undefined)) {
      const next = term.writes.find((w) => w.parsed);
      const parsed = next!.parsed;
      (next as { parsed?: () => void }).parsed = undefined;
      parsed();
    }
    expect(term.text()).toEqual(['0', '1234', '5', '678901', '2']);
    expect(term.text().join('')).toBe('0123456789012');
  });

  it('feeds a hidden terminal through the background scheduler, one write at a time', () => {
    const term = fakeTerm();
    const tasks: (() => void)[] = [];
    const background: Schedule = (run) => tasks.push(run);
    let visible = false;
    const q = new WriteQueue(term, { visible: () => visible, background });
    q.push(b('x'), () => {});
    q.push(b('y'), () => {});
    expect(term.writes).toHaveLength(0);
    expect(tasks).toHaveLength(1);
    tasks.shift()!();
    expect(term.text()).toEqual(['xy']);
    q.push(b('z'), () => {});
    expect(tasks).toHaveLength(0); // busy: waits for the parse
    term.writes[0]!.parsed();
    expect(tasks).toHaveLength(1);
    // Shown before the background turn came: written at once, and the late turn writes nothing twice.
    visible = true;
    q.shown();
    expect(term.text()).toEqual(['xy', 'z']);
    tasks.shift()!();
    expect(term.text()).toEqual(['xy', 'z']);
  });

  it('splits a large chunk into short writes while hidden and acks it after its last piece', () => {
    const term = fakeTerm();
    const tasks: (() => void)[] = [];
    const q = new WriteQueue(term, { visible: () => false, background: (run) => tasks.push(run), maxHiddenBatch: 3 });
    const acked: string[] = [];
    q.push(b('abcdefg'), () => acked.push('chunk'));
    const pieces: string[] = [];
    for (let k = 0; k < 10 && tasks.length; k++) {
      tasks.shift()!();
      const w = term.writes.at(-1)!;
      pieces.push(new TextDecoder().decode(w.data));
      w.parsed();
    }
    expect(pieces).toEqual(['abc', 'def', 'g']);
    expect(acked).toEqual(['chunk']);
  });

  it('after close, acks nothing more and writes nothing', () => {
    const term = fakeTerm();
    const q = new WriteQueue(term, { visible: () => true });
    const acked: string[] = [];
    q.push(b('a'), () => acked.push('a'));
    q.push(b('b'), () => acked.push('b'));
    q.close();
    term.writes[0]!.parsed();
    q.push(b('c'), () => acked.push('c'));
    expect(acked).toEqual([]);
    expect(term.text()).toEqual(['a']);
  });
});
