import { describe, expect, it } from 'vitest';
import { PidMarkerParser } from './pid-marker';

describe('PidMarkerParser', () => {
  it('strips the marker and keeps the rest byte-exact', () => {
    const p = new PidMarkerParser();
    const out = p.push(Buffer.from('\x1b]7337;42\x07hello\xff', 'latin1'));
    expect(p.pid).toBe(42);
    expect(out.toString('latin1')).toBe('hello\xff');
    expect(p.push(Buffer.from('\x1b]7337;1\x07')).toString()).toBe('\x1b]7337;1\x07');
  });

  it('reassembles a marker split across chunks', () => {
    const p = new PidMarkerParser();
    const whole = Buffer.from('\x1b]7337;12345\x07$ ');
    const parts: Buffer[] = [];
    for (let i = 0; i < whole.length; i++) parts.push(p.push(whole.subarray(i, i + 1)));
    expect(p.pid).toBe(12345);
    expect(Buffer.concat(parts).toString()).toBe('$ ');
  });

  it('passes through output that does not start with a marker', () => {
    const p = new PidMarkerParser();
    expect(p.push(Buffer.from('\x1b]')).length).toBe(0);
    expect(p.push(Buffer.from('0;title\x07x')).toString()).toBe('\x1b]0;title\x07x');
    expect(p.pid).toBeNull();
  });

  it('gives up on a marker without digits and flushes held bytes at the end', () => {
    const p = new PidMarkerParser();
    expect(p.push(Buffer.from('\x1b]7337;ab\x07')).toString()).toBe('\x1b]7337;ab\x07');
    const q = new PidMarkerParser();
    expect(q.push(Buffer.from('\x1b]73')).length).toBe(0);
    expect(q.flush().toString()).toBe('\x1b]73');
  });
});
