import type { Envelope } from './frames';

/**
 * Binary framing for byte-oriented transports (WebSocket):
 * [u32 big-endian header length][UTF-8 JSON header][raw bytes, if any].
 * Electron IPC and the in-memory pair pass envelopes as objects instead.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Frames larger than this are refused: nothing legitimate is this big (uploads are chunked). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export function encodeEnvelope(env: Envelope<unknown>): Uint8Array {
  const header = encoder.encode(JSON.stringify(env.frame));
  const bytes = env.bytes ?? new Uint8Array(0);
  const out = new Uint8Array(4 + header.byteLength + bytes.byteLength);
  new DataView(out.buffer).setUint32(0, header.byteLength, false);
  out.set(header, 4);
  out.set(bytes, 4 + header.byteLength);
  return out;
}

/** Decodes a frame's envelope; the frame itself is still untrusted and must be parsed by its schema. */
export function decodeEnvelope(data: Uint8Array): Envelope<unknown> {
  if (data.byteLength < 4) throw new Error('frame too short');
  if (data.byteLength > MAX_FRAME_BYTES) throw new Error('frame too large');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(0, false);
  if (headerLength > data.byteLength - 4) throw new Error('frame header length out of range');
  const frame: unknown = JSON.parse(decoder.decode(data.subarray(4, 4 + headerLength)));
  const rest = data.subarray(4 + headerLength);
  return rest.byteLength > 0 ? { frame, bytes: rest } : { frame };
}
