import { describe, expect, it } from 'vitest';
import { findCtrlCEcho, FLOOD_WINDOW_MS, INTERRUPT_BACKLOG, INTERRUPT_HOLD_MAX, WriteQueue, type Schedule } from './write-queue';

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

  it('sizes writes to the parse rate it measures, within bounds, splitting chunks and keeping the order', () => {
    let t = 0;
    const term = fakeTerm();
    // 10 ms of parsing per write; 1 to 100 bytes.
    const q = new WriteQueue(term, { visible: () => true, budgetMs: { visible: 10, hidden: 1 }, minBatch: 1, maxBatch: 100, now: () => t });
    const acked: number[] = [];
    const parse = (ms: number) => {
      t += ms;
      term.writes.at(-1)!.parsed();
    };
    q.push(b('x'.repeat(20)), () => acked.push(0)); // idle: written whole
    for (let i = 1; i <= 10; i++) q.push(b('y'.repeat(30)), () => acked.push(i));
    // The first write parsed at 1 byte/ms: the rate estimate drops at once, the next write is ~10 ms of that.
    parse(20);
    expect(term.writes.at(-1)!.data.byteLength).toBe(10);
    // Fast parsing from here on: writes grow to the cap.
    for (let k = 0; k < 20 && q.queued > 0; k++) parse(0.1);
    parse(0.1);
    expect(Math.max(...term.writes.map((w) => w.data.byteLength))).toBe(100);
    expect(term.text().join('')).toBe('x'.repeat(20) + 'y'.repeat(300));
    // Each chunk acked once, in order, only after its last piece was parsed.
    expect(acked).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('acks a split chunk only after its last piece', () => {
    const term = fakeTerm();
    const q = new WriteQueue(term, { visible: () => true, minBatch: 3, maxBatch: 3 });
    const acked: string[] = [];
    q.push(b('abcdefg'), () => acked.push('chunk'));
    const pieces: string[] = [];
    for (let k = 0; k < 10 && term.writes.length > pieces.length; k++) {
      const w = term.writes.at(-1)!;
      pieces.push(new TextDecoder().decode(w.data));
      expect(acked).toEqual([]);
      w.parsed();
    }
    expect(pieces).toEqual(['abc', 'def', 'g']);
    expect(acked).toEqual(['chunk']);
  });

  it('feeds a hidden terminal through the background scheduler, in smaller writes', () => {
    const term = fakeTerm();
    const tasks: (() => void)[] = [];
    const background: Schedule = (run) => tasks.push(run);
    let visible = false;
    const q = new WriteQueue(term, { visible: () => visible, background, minBatch: 1, maxBatch: 1_000_000 });
    expect(q.batchLimit(false)).toBeLessThan(q.batchLimit(true));
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

  it('holds a hidden terminal back while the user types elsewhere, then feeds it again', () => {
    const term = fakeTerm();
    const tasks: (() => void)[] = [];
    const timers: { run: () => void; ms: number }[] = [];
    let typing = 120;
    const q = new WriteQueue(term, {
      visible: () => false,
      background: (run) => tasks.push(run),
      hiddenWait: () => typing,
      setTimer: (run, ms) => (timers.push({ run, ms }), () => {}),
    });
    q.push(b('flood'), () => {});
    expect(tasks).toHaveLength(0);
    expect(timers.map((t) => t.ms)).toEqual([120]);
    // Another keystroke came before the wait was over: it waits again.
    typing = 80;
    timers.shift()!.run();
    tasks.shift()!();
    expect(term.writes).toHaveLength(0);
    expect(timers.map((t) => t.ms)).toEqual([80]);
    typing = 0;
    timers.shift()!.run();
    tasks.shift()!();
    expect(term.text()).toEqual(['flood']);
  });

  it('runs a mark once all before it is parsed, and never writes across it', () => {
    const term = fakeTerm();
    const q = new WriteQueue(term, { visible: () => true });
    const seen: string[] = [];
    q.push(b('a'), () => seen.push('ack a'));
    q.push(b('b'), () => seen.push('ack b'));
    q.mark(() => seen.push('mark'));
    q.push(b('c'), () => seen.push('ack c'));
    q.push(b('d'), () => seen.push('ack d'));
    expect(term.text()).toEqual(['a']);
    term.writes[0]!.parsed();
    // b waited while a parsed; c and d queued too, but the mark keeps them out of b's write.
    expect(term.text()).toEqual(['a', 'b']);
    expect(seen).toEqual(['ack a']);
    term.writes[1]!.parsed();
    expect(seen).toEqual(['ack a', 'ack b', 'mark']);
    expect(term.text()).toEqual(['a', 'b', 'cd']);
    term.writes[2]!.parsed();
    expect(seen).toEqual(['ack a', 'ack b', 'mark', 'ack c', 'ack d']);
  });

  it('runs a mark at once when nothing waits, and not at all after close', () => {
    const term = fakeTerm();
    const q = new WriteQueue(term, { visible: () => true });
    let marked = 0;
    q.mark(() => marked++);
    expect(marked).toBe(1);
    expect(term.writes).toHaveLength(0);
    q.push(b('x'), () => undefined);
    q.mark(() => marked++);
    q.close();
    term.writes[0]!.parsed();
    expect(marked).toBe(1);
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

  describe('Ctrl+C during a flood', () => {
    /** A queue with a flood in flight: one write in xterm, more waiting; a fake timer for the echo's wait. */
    function flooded() {
      const term = fakeTerm();
      const timers: (() => void)[] = [];
      const q = new WriteQueue(term, {
        visible: () => true,
        minBatch: 1,
        maxBatch: 1_000_000,
        setTimer: (run) => {
          timers.push(run);
          return () => timers.splice(timers.indexOf(run), 1);
        },
      });
      const acked: string[] = [];
      const push = (s: string, name = s) => q.push(b(s), () => acked.push(name));
      // Both under one write's size, over the backlog that makes an interrupt discard.
      push('y\r\n'.repeat(5000), 'first');
      push('y\r\n'.repeat(17_000), 'queued');
      expect(15_000 + 51_000).toBeGreaterThan(INTERRUPT_BACKLOG);
      return { term, q, acked, push, timers };
    }

    it('drops the output that arrives before the tty echoes ^C, keeps the echo and what follows', () => {
      const { term, q, acked, push, timers } = flooded();
      expect(q.interrupt()).toBe(true);
      // What waited and what still arrives is acked at once (the producer drains the engine's queue)…
      expect(acked).toEqual(['queued']);
      push('y\r\ny\r\ny', 'late');
      expect(acked).toEqual(['queued', 'late']);
      // …and not written.
      expect(term.writes).toHaveLength(1);
      push('y\r\ny^C\r\n# ', 'echo');
      term.writes[0]!.parsed();
      expect(term.text().at(-1)).toBe('\x18^C\r\n# ');
      term.writes.at(-1)!.parsed();
      expect(acked).toEqual(['queued', 'late', 'first', 'echo']);
      expect(timers).toHaveLength(0);
      // Back to normal: output after the echo is written.
      push('ls\r\n');
      expect(term.text().at(-1)).toBe('ls\r\n');
    });

    it('finds an echo split between two chunks', () => {
      const { term, q, push } = flooded();
      q.interrupt();
      push('yyy^');
      push('C\r\n# ');
      term.writes[0]!.parsed();
      expect(term.text().at(-1)).toBe('\x18^C\r\n# ');
    });

    it('writes everything it held, in order, when no echo comes (a program that reads Ctrl+C as a key)', () => {
      const { term, q, push, timers } = flooded();
      q.interrupt();
      push('more output');
      timers.shift()!();
      term.writes[0]!.parsed();
      term.writes.at(-1)!.parsed();
      expect(term.text().slice(1).join('')).toBe('y\r\n'.repeat(17_000) + 'more output');
      push('after');
      expect(term.text().at(-1)).toBe('after');
    });

    it('discards nothing without a flood: an idle shell or a REPL gets every byte at once', () => {
      const term = fakeTerm();
      const q = new WriteQueue(term, { visible: () => true });
      q.push(b('prompt> '), () => {});
      expect(q.interrupt()).toBe(false);
      q.push(b('KeyboardInterrupt\r\n'), () => {});
      term.writes[0]!.parsed();
      expect(term.text()).toEqual(['prompt> ', 'KeyboardInterrupt\r\n']);
    });

    it('tells a flood from output that came in bursts long ago: only recent output counts', () => {
      let t = 0;
      const term = fakeTerm();
      const q = new WriteQueue(term, { visible: () => true, maxBatch: 1_000_000, now: () => t });
      q.push(b('z'.repeat(INTERRUPT_BACKLOG)), () => {});
      term.writes[0]!.parsed();
      t += FLOOD_WINDOW_MS + 1;
      q.push(b('# '), () => {});
      expect(q.interrupt()).toBe(false);
      // The same amount within the window, already parsed, is a flood: the engine still holds more.
      q.push(b('z'.repeat(INTERRUPT_BACKLOG)), () => {});
      term.writes.at(-1)!.parsed();
      term.writes.at(-1)!.parsed();
      expect(q.interrupt()).toBe(true);
    });

    it('stops acking held output past its cap, so the flow window bounds memory', () => {
      const { q, acked, push } = flooded();
      q.interrupt();
      const piece = 'y'.repeat(1024 * 1024);
      for (let i = 0; i < 6; i++) push(piece, `p${i}`);
      expect(acked.filter((a) => a.startsWith('p'))).toHaveLength(Math.floor((INTERRUPT_HOLD_MAX - 51_000) / piece.length)); // 51,000: the queued chunk, held first
      push('^C');
      expect(acked.filter((a) => a.startsWith('p'))).toHaveLength(6);
    });

    it('scans for ^C across the caret positions', () => {
      expect(findCtrlCEcho(b('abc'), false)).toBeNull();
      expect(findCtrlCEcho(b('a^b^C'), false)).toBe(3);
      expect(findCtrlCEcho(b('^'), false)).toBeNull();
      expect(findCtrlCEcho(b('C#'), true)).toBe(-1);
      expect(findCtrlCEcho(b('C#'), false)).toBeNull();
    });
  });
});
