import { describe, expect, it } from 'vitest';
import { PANE_CHARS, applyRunEvent, describeExit, initialRun } from './run-state';

describe('runner view state', () => {
  it('decodes a character split across chunks and keeps streams apart', () => {
    const dec = new Map<string, TextDecoder>();
    let s = initialRun(['a', 'b']);
    s = applyRunEvent(s, { type: 'started', container: 'a', id: 'id-a', name: 'alpha' }, undefined, dec);
    const euro = new TextEncoder().encode('€\n');
    s = applyRunEvent(s, { type: 'output', container: 'a', stream: 'stdout' }, euro.subarray(0, 1), dec);
    s = applyRunEvent(s, { type: 'output', container: 'a', stream: 'stderr' }, new TextEncoder().encode('e'), dec);
    s = applyRunEvent(s, { type: 'output', container: 'a', stream: 'stdout' }, euro.subarray(1), dec);
    s = applyRunEvent(s, { type: 'exit', container: 'a', outcome: 'exited', exitCode: 2, durationMs: 1500 }, undefined, dec);
    expect(s.runs[0]).toMatchObject({ name: 'alpha', state: 'done', exitCode: 2, stdout: { text: '€\n' }, stderr: { text: 'e' } });
    expect(s.runs[1]?.state).toBe('pending');
    expect(describeExit(s.runs[0]!)).toBe('Exit code 2 after 1.50 s');
    expect(applyRunEvent(s, { type: 'done' }, undefined, dec).done).toBe(true);
  });

  it('bounds each pane, counting what it dropped', () => {
    const dec = new Map<string, TextDecoder>();
    let s = initialRun(['a']);
    const chunk = new TextEncoder().encode('x'.repeat(PANE_CHARS / 2 + 10));
    for (let i = 0; i < 3; i++) s = applyRunEvent(s, { type: 'output', container: 'a', stream: 'stdout' }, chunk, dec);
    expect(s.runs[0]!.stdout.text.length).toBe(PANE_CHARS);
    expect(s.runs[0]!.stdout.dropped).toBe(3 * (PANE_CHARS / 2 + 10) - PANE_CHARS);
  });

  it('says timeouts and failures in words', () => {
    const base = initialRun(['a']).runs[0]!;
    expect(describeExit({ ...base, state: 'done', outcome: 'timeout', durationMs: 2000 })).toBe('Timed out after 2.00 s');
    expect(describeExit({ ...base, state: 'done', outcome: 'failed', error: { code: 'wrong-state', message: 'not running' } })).toBe('Failed: not running');
  });
});
