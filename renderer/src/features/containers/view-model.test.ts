import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../../../shared/contract/containers';
import { baseRow, row } from './row.testkit';
import { actionsFor, applyEvent, describeStatus, lastError, matchesFilter, tagSuggestions, uptime } from './view-model';

const base = baseRow;

describe('containers view model', () => {
  it('filters by words across name, image, ports and tags', () => {
    const f = { text: 'web 8080', state: 'all' as const, tag: '' };
    expect(matchesFilter(base, f)).toBe(true);
    expect(matchesFilter(base, { ...f, text: 'frontend' })).toBe(true);
    expect(matchesFilter(base, { ...f, text: 'db' })).toBe(false);
  });

  it('filters by state, including the "active" group', () => {
    expect(matchesFilter(row({ state: 'exited' }), { text: '', state: 'running', tag: '' })).toBe(false);
    expect(matchesFilter(row({ state: 'paused' }), { text: '', state: 'active', tag: '' })).toBe(true);
    expect(matchesFilter(row({ state: 'exited' }), { text: '', state: 'active', tag: '' })).toBe(false);
  });

  it('filters by tag, label key and key=value', () => {
    const f = (tag: string) => matchesFilter(base, { text: '', state: 'all', tag });
    expect(f('frontend')).toBe(true);
    expect(f('team')).toBe(true);
    expect(f('team=blue')).toBe(true);
    expect(f('team=red')).toBe(false);
    expect(f('backend')).toBe(false);
  });

  it('describes status from times, not the stale engine text', () => {
    expect(describeStatus(base, 10_000 + 125_000)).toBe('Up 2m 5s');
    expect(describeStatus(row({ health: 'unhealthy' }), 70_000)).toBe('Up 1m 0s (unhealthy)');
    expect(describeStatus(row({ state: 'exited', exitCode: 137, finishedAt: 0 }), 3_600_000)).toBe('Exited (137) 1h 0m ago');
    expect(uptime(row({ state: 'exited' }), 99_999)).toBe('');
  });

  it('names the last error: start failure, OOM, non-zero exit with signal', () => {
    expect(lastError(row({ state: 'created', error: 'exec: "nope": not found', exitCode: 127 }))).toMatch(/not found/);
    expect(lastError(row({ state: 'exited', oomKilled: true, exitCode: 137 }))).toBe('Killed: out of memory');
    expect(lastError(row({ state: 'exited', exitCode: 137 }))).toBe('Exit code 137 (signal 9)');
    expect(lastError(row({ state: 'exited', exitCode: 0 }))).toBe('');
    // A crash loop: while waiting to restart, and once running again after the policy restarted it.
    expect(lastError(row({ state: 'restarting', exitCode: 3, restartCount: 4 }))).toBe('Exit code 3, restarting (restart 4)');
    expect(lastError(row({ state: 'restarting', exitCode: null, restartCount: null }))).toBe('Restarting');
    expect(lastError(row({ state: 'running', exitCode: 3, restartCount: 5 }))).toBe('Restarted 5 times by its restart policy; last exit code 3');
    expect(lastError(row({ state: 'running', exitCode: 137, restartCount: 1 }))).toBe('Restarted 1 time by its restart policy; last exit code 137 (signal 9)');
    expect(lastError(row({ state: 'running', exitCode: null, restartCount: 2 }))).toBe('Restarted 2 times by its restart policy');
    expect(lastError(row({ state: 'running', exitCode: null, restartCount: 0 }))).toBe('');
  });

  it('offers the actions a state allows', () => {
    expect(actionsFor('running')).toEqual(['stop', 'restart', 'pause', 'kill']);
    expect(actionsFor('paused')).toContain('unpause');
    expect(actionsFor('exited')).toEqual(['start']);
  });

  it('suggests tags and labels', () => {
    expect(tagSuggestions([base])).toEqual(['frontend', 'team=blue']);
  });

  it('applies snapshot, upsert and remove', () => {
    const m = new Map<string, ContainerRow>();
    applyEvent(m, { type: 'snapshot', rows: [base, row({ id: 'b', name: 'b' })] });
    applyEvent(m, { type: 'upsert', rows: [row({ id: 'b', name: 'b2' })] });
    applyEvent(m, { type: 'remove', ids: [base.id] });
    expect([...m.values()].map((r) => r.name)).toEqual(['b2']);
  });
});
