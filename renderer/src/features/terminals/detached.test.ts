import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../../shared/contract/terminals';
import { detachedStatus, minutesText, parseDetachedMinutes } from './detached';

const base: SessionInfo = {
  id: 'x',
  kind: 'exec',
  title: 't',
  container: { id: 'c', name: 'c' },
  shell: 'sh',
  user: null,
  workingDir: null,
  cols: 80,
  rows: 24,
  createdAt: 0,
  state: 'running',
  exitCode: null,
  endReason: null,
  viewers: 0,
  detachedSince: 1000,
  endsAt: 901_000,
};
const time = (ms: number) => `T${ms}`;

describe('detached sessions', () => {
  it('says since when nobody views a session and when it ends', () => {
    expect(detachedStatus(base, time)).toBe('No window shows it since T1000; Berth ends it at T901000 unless it is reopened.');
  });
  it('says when another window shows it, and why an ended one ended', () => {
    expect(detachedStatus({ ...base, viewers: 2, detachedSince: null, endsAt: null }, time)).toBe('Open in another window (2 viewers).');
    expect(detachedStatus({ ...base, state: 'ended', endReason: 'The shell exited.', detachedSince: null, endsAt: null }, time)).toBe('Ended: The shell exited.');
  });
  it('takes whole and fractional minutes within 1 minute and a week', () => {
    expect(parseDetachedMinutes('15')).toEqual({ seconds: 900 });
    expect(parseDetachedMinutes(' 2.5 ')).toEqual({ seconds: 150 });
    expect(parseDetachedMinutes('10080')).toEqual({ seconds: 604_800 });
    for (const bad of ['', '0', '0.5', '-3', '10081', 'abc', 'Infinity', '1e9']) expect(parseDetachedMinutes(bad), bad).toHaveProperty('error');
  });
  it('shows seconds as minutes', () => {
    expect(minutesText(900)).toBe('15');
    expect(minutesText(2)).toBe('0.03');
  });
});
