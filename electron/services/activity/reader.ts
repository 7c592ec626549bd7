import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ActivityRecord, type ActivityFilter, type ActivityList } from '../../../shared/contract/activity';

/** Parses one line; null for anything that is not a whole, valid record (a line cut by a crash, garbage). */
export function parseLine(line: string): ActivityRecord | null {
  const trimmed = line.trim();
  if (!trimmed) return null;
  try {
    const parsed = ActivityRecord.safeParse(JSON.parse(trimmed));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function matches(r: ActivityRecord, f: ActivityFilter): boolean {
  if (f.outcome && r.outcome !== f.outcome) return false;
  if (f.action && !r.action.toLowerCase().includes(f.action.toLowerCase())) return false;
  if (f.container) {
    const q = f.container.toLowerCase();
    const id = r.target?.id.toLowerCase() ?? '';
    const name = r.target?.name?.toLowerCase().replace(/^\//, '') ?? '';
    const engine = r.target?.engine?.toLowerCase() ?? '';
    if (!(id && id.startsWith(q)) && !name.includes(q.replace(/^\//, '')) && !(engine && engine.includes(q))) return false;
  }
  if (f.since !== undefined || f.until !== undefined) {
    const t = Date.parse(r.ts);
    if (f.since !== undefined && !(t >= f.since)) return false;
    if (f.until !== undefined && !(t <= f.until)) return false;
  }
  return true;
}

/**
 * Reads the log files (oldest first) line by line and keeps the newest
 * `limit` matches in a ring, so memory stays bounded by the limit, not by the
 * files' size.
 */
export async function readActivity(files: string[], filter: ActivityFilter, limit: number): Promise<ActivityList> {
  const ring: ActivityRecord[] = [];
  let matched = 0;
  let skipped = 0;
  for (const file of files) {
    let stream;
    try {
      stream = createReadStream(file, { encoding: 'utf8' });
    } catch {
      continue;
    }
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line.trim()) continue;
        const r = parseLine(line);
        if (!r) {
          skipped++;
          continue;
        }
        if (!matches(r, filter)) continue;
        matched++;
        ring.push(r);
        // Trim in batches: amortised O(1) per line instead of a shift each time.
        if (ring.length >= limit * 2) ring.splice(0, ring.length - limit);
      }
    } catch (e) {
      // A file rotated away between listing and reading: what was read stands.
      if ((e as { code?: string }).code !== 'ENOENT') throw e;
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return { entries: ring.slice(-limit).reverse(), truncated: matched > limit, skipped };
}
