import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from './codec';

describe('envelope codec', () => {
  it('round-trips a header with and without bytes', () => {
    const bytes = new Uint8Array([0, 255, 0xe2, 0x82]); // half a UTF-8 character stays raw
    expect(decodeEnvelope(encodeEnvelope({ frame: { t: 'ack', id: 1, n: 2 }, bytes }))).toEqual({
      frame: { t: 'ack', id: 1, n: 2 },
      bytes,
    });
    expect(decodeEnvelope(encodeEnvelope({ frame: { t: 'cancel', id: 3 } }))).toEqual({ frame: { t: 'cancel', id: 3 } });
  });

  it('refuses truncated or lying frames', () => {
    expect(() => decodeEnvelope(new Uint8Array([0, 0]))).toThrow(/short/);
    const bad = encodeEnvelope({ frame: { t: 'cancel', id: 3 } });
    new DataView(bad.buffer).setUint32(0, 9999);
    expect(() => decodeEnvelope(bad)).toThrow(/out of range/);
    expect(() => decodeEnvelope(new Uint8Array([0, 0, 0, 2, 0xff, 0xfe]))).toThrow();
  });
});
