import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DownloadRegistry } from './downloads';

const source = { filename: 'a.txt', contentType: 'text/plain', open: async () => Readable.from(['a']) };

describe('download tickets', () => {
  it('peek leaves a ticket usable; take uses it up', () => {
    const reg = new DownloadRegistry();
    const t = reg.register(source);
    expect(reg.peek(t)).toBe(source);
    expect(reg.take(t)).toBe(source);
    expect(() => reg.take(t)).toThrow(/expired or was already used/);
  });

  it('refuses a ticket past the cap with a clear error, and makes room as tickets are used', () => {
    const reg = new DownloadRegistry(60_000, 3);
    const tickets = [reg.register(source), reg.register(source), reg.register(source)];
    expect(() => reg.register(source)).toThrow(expect.objectContaining({ code: 'too-large', message: expect.stringMatching(/3 downloads are waiting/) }));
    reg.take(tickets[0]!);
    expect(reg.register(source)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('forgets expired tickets, which frees their room', async () => {
    const reg = new DownloadRegistry(20, 1);
    const t = reg.register(source);
    await new Promise((r) => setTimeout(r, 40));
    expect(() => reg.peek(t)).toThrow(/expired/);
    expect(reg.register(source)).toBeTruthy();
  });
});
