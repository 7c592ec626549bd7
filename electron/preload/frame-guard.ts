/**
 * The preload's allow-list, apart from `electron` so it can be tested: a frame
 * must be one of the protocol's client frame types, and a call or channel must
 * name an entry the contract declares.
 */
const FRAME_TYPES = new Set(['call', 'open', 'cancel', 'push', 'ack']);

export function makeFrameGuard(names: readonly string[]): (frame: unknown, bytes?: unknown) => void {
  const allowed = new Set(names);
  return (frame, bytes) => {
    if (!frame || typeof frame !== 'object') throw new Error('berth bridge: a frame must be an object');
    const f = frame as { t?: unknown; method?: unknown; channel?: unknown };
    if (typeof f.t !== 'string' || !FRAME_TYPES.has(f.t)) throw new Error('berth bridge: unknown frame type');
    if (f.t === 'call' && (typeof f.method !== 'string' || !allowed.has(f.method))) {
      throw new Error(`berth bridge: undeclared method ${String(f.method)}`);
    }
    if (f.t === 'open' && (typeof f.channel !== 'string' || !allowed.has(f.channel))) {
      throw new Error(`berth bridge: undeclared channel ${String(f.channel)}`);
    }
    if (bytes !== undefined && !(bytes instanceof Uint8Array)) throw new Error('berth bridge: bytes must be a Uint8Array');
  };
}
