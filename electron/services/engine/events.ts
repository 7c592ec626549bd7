/** An engine event, read by Type/Action/Actor: the fields every API version has (the old status/id/from went at API 1.52). */
export interface EngineEvent {
  type: string;
  /** e.g. "start", "die", "health_status: healthy", "exec_start: sh". */
  action: string;
  /** The actor's id (container id for container events). */
  id: string;
  attributes: Record<string, string>;
  /** Milliseconds since the epoch. */
  time: number;
}

interface RawEvent {
  Type?: unknown;
  Action?: unknown;
  Actor?: { ID?: unknown; Attributes?: unknown };
  time?: unknown;
  timeNano?: unknown;
}

export function normaliseEvent(raw: unknown): EngineEvent | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as RawEvent;
  if (typeof r.Type !== 'string' || typeof r.Action !== 'string') return null;
  const id = typeof r.Actor?.ID === 'string' ? r.Actor.ID : '';
  const attrs: Record<string, string> = {};
  if (r.Actor?.Attributes && typeof r.Actor.Attributes === 'object') {
    for (const [k, v] of Object.entries(r.Actor.Attributes as Record<string, unknown>)) {
      if (typeof v === 'string') attrs[k] = v;
    }
  }
  const time =
    typeof r.timeNano === 'number' ? Math.floor(r.timeNano / 1e6) : typeof r.time === 'number' ? r.time * 1000 : Date.now();
  return { type: r.Type, action: r.Action, id, attributes: attrs, time };
}

/**
 * Splits a stream of concatenated JSON documents (the events endpoint writes
 * one per line, but chunk boundaries fall anywhere) into parsed values.
 */
export class JsonLineSplitter {
  private buffer = '';
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Uint8Array): unknown[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const out: unknown[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line) continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        // A line we cannot read is skipped; the store reconciles in full now and then.
      }
    }
    // The engine never sends a line this long; a runaway buffer means a broken stream.
    if (this.buffer.length > 1_000_000) this.buffer = '';
    return out;
  }
}
