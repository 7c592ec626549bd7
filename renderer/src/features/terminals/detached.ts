import { MAX_DETACHED_SECONDS, type SessionInfo } from '../../../../shared/contract/terminals';

/** What the detached list says of one session, in words. */
export function detachedStatus(s: SessionInfo, time: (ms: number) => string): string {
  if (s.state === 'ended') return `Ended: ${s.endReason ?? 'the session ended.'}`;
  if (s.viewers > 0) return `Open in another window (${s.viewers === 1 ? 'one viewer' : `${s.viewers} viewers`}).`;
  const since = s.detachedSince === null ? '' : ` since ${time(s.detachedSince)}`;
  const ends = s.endsAt === null ? '' : `; Berth ends it at ${time(s.endsAt)} unless it is reopened`;
  return `No window shows it${since}${ends}.`;
}

export const MAX_DETACHED_MINUTES = MAX_DETACHED_SECONDS / 60;

/** The minutes field as seconds for `terminals.setSettings`, or what is wrong with it. */
export function parseDetachedMinutes(text: string): { seconds: number } | { error: string } {
  const t = text.trim();
  const minutes = t === '' ? NaN : Number(t);
  if (!Number.isFinite(minutes) || minutes < 1 || minutes > MAX_DETACHED_MINUTES) {
    return { error: `Enter a number of minutes between 1 and ${MAX_DETACHED_MINUTES} (a week).` };
  }
  return { seconds: Math.round(minutes * 60) };
}

/** Seconds as the minutes field shows them (at most two decimals). */
export function minutesText(seconds: number): string {
  return String(Math.round((seconds / 60) * 100) / 100);
}
