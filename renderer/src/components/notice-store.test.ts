import { describe, expect, it } from 'vitest';
import { createNoticeStore, NOTICE_LIMITS } from './notice-store';

function fakeClock() {
  let t = 0;
  const due: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => t,
    after: (ms: number, fn: () => void) => void due.push({ at: t + ms, fn }),
    advance(ms: number) {
      t += ms;
      for (const d of due.filter((x) => x.at <= t)) {
        due.splice(due.indexOf(d), 1);
        d.fn();
      }
    },
  };
}

describe('notifications', () => {
  it('success and info toasts leave by themselves; the centre keeps them', () => {
    const clock = fakeClock();
    const s = createNoticeStore(clock);
    s.push({ kind: 'success', text: 'Created web' });
    s.push({ kind: 'info', text: 'Copied' });
    expect(s.onScreen()).toHaveLength(2);
    clock.advance(NOTICE_LIMITS.fadeMs);
    expect(s.onScreen()).toHaveLength(0);
    expect(s.history().map((n) => n.text)).toEqual(['Copied', 'Created web']);
  });

  it('errors stay until dismissed, at most a few on screen', () => {
    const clock = fakeClock();
    const s = createNoticeStore(clock);
    for (let i = 1; i <= 10; i++) s.push({ kind: 'error', text: `fail ${i}` });
    clock.advance(60 * 60_000);
    expect(s.onScreen().map((n) => n.text)).toEqual(['fail 8', 'fail 9', 'fail 10']);
    s.dismiss(s.onScreen()[0]!.id);
    expect(s.onScreen().map((n) => n.text)).toEqual(['fail 9', 'fail 10']);
    expect(s.history()).toHaveLength(10);
  });

  it('a batch result collapses into the centre after a few seconds, failures included', () => {
    const clock = fakeClock();
    const s = createNoticeStore(clock);
    s.push({ kind: 'error', text: 'Stop: 1 succeeded, 1 failed', label: 'Batch results', items: [{ ok: true, text: 'a' }, { ok: false, text: 'b' }] });
    clock.advance(NOTICE_LIMITS.batchMs - 1);
    expect(s.onScreen()).toHaveLength(1);
    clock.advance(1);
    expect(s.onScreen()).toHaveLength(0);
    expect(s.history()[0]!.items).toHaveLength(2);
  });

  it('caps the screen in all, dropping the oldest non-error first', () => {
    const s = createNoticeStore(fakeClock());
    s.push({ kind: 'error', text: 'e1' });
    for (let i = 1; i <= 5; i++) s.push({ kind: 'info', text: `i${i}` });
    expect(s.onScreen().map((n) => n.text)).toEqual(['e1', 'i3', 'i4', 'i5']);
  });

  it('counts unread until the centre is opened, bounds its history, and clears', () => {
    const s = createNoticeStore(fakeClock(), { ...NOTICE_LIMITS, history: 5 });
    for (let i = 0; i < 8; i++) s.push({ kind: 'info', text: `n${i}` });
    expect(s.history()).toHaveLength(5);
    expect(s.unread()).toBe(5);
    s.markRead();
    expect(s.unread()).toBe(0);
    s.clear();
    expect(s.history()).toHaveLength(0);
  });
});
