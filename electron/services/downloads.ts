import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BerthError } from '../../shared/contract/errors';

/** What a download produces when the host opens it: a stream, never a buffer. */
export interface DownloadSource {
  filename: string;
  contentType: string;
  /** Known size in bytes, when known up front (a file); zips are produced as they stream. */
  size?: number;
  open(signal: AbortSignal): Promise<Readable>;
}

/**
 * Downloads are handed to the host as short-lived tickets: the web host serves
 * GET /api/download/TICKET (cookie-authenticated, so the browser streams to disk
 * with its own download UI); Electron serves the same ticket over its app protocol.
 * A ticket is single-use and expires, so a leaked URL is worth little.
 */
export class DownloadRegistry {
  private readonly tickets = new Map<string, { source: DownloadSource; expires: number }>();

  /**
   * `maxTickets`: tickets waiting at once. The renderer uses each within a
   * second; a client asking for downloads in a loop meets this limit instead
   * of growing the map for a minute.
   */
  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxTickets = 256,
  ) {}

  register(source: DownloadSource): string {
    this.sweep();
    if (this.tickets.size >= this.maxTickets) {
      throw new BerthError('too-large', `${this.maxTickets} downloads are waiting to start; start or let them expire first.`);
    }
    const ticket = randomBytes(18).toString('base64url');
    this.tickets.set(ticket, { source, expires: Date.now() + this.ttlMs });
    return ticket;
  }

  /** Takes the ticket (single use). */
  take(ticket: string): DownloadSource {
    const source = this.peek(ticket);
    this.tickets.delete(ticket);
    return source;
  }

  /** What a ticket would download, leaving it unused (for HEAD). */
  peek(ticket: string): DownloadSource {
    this.sweep();
    const entry = this.tickets.get(ticket);
    if (!entry) throw new BerthError('not-found', 'This download link has expired or was already used');
    return entry.source;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, v] of this.tickets) if (v.expires < now) this.tickets.delete(k);
  }
}

/** Path of a ticket on the hosts. */
export const downloadPath = (ticket: string) => `/api/download/${ticket}`;
