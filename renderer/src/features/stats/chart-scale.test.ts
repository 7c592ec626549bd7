import { describe, expect, it } from 'vitest';
import { BYTE_INCRS, clockTime, describePoint, indexOfTime, relativeTime, shortNumber, stepIndex, timeRange, yTop } from './chart-scale';

describe('relativeTime', () => {
  it('labels seconds before now the way the axis shows them', () => {
    expect(relativeTime(0)).toBe('now');
    expect(relativeTime(-0.4)).toBe('now');
    expect(relativeTime(-30)).toBe('\u221230 s');
    expect(relativeTime(-120)).toBe('\u22122 min');
    expect(relativeTime(-90)).toBe('\u22121:30');
    expect(relativeTime(-305)).toBe('\u22125:05');
  });
});

describe('clockTime', () => {
  it('is a 24-hour local clock with seconds', () => {
    const t = new Date(2026, 0, 2, 7, 5, 9).getTime();
    expect(clockTime(t)).toBe('07:05:09');
  });
});

describe('scales', () => {
  it('shows at least a minute, more when the samples reach further back', () => {
    expect(timeRange(undefined)).toEqual([-60, 0]);
    expect(timeRange(-5)).toEqual([-60, 0]);
    expect(timeRange(-299)).toEqual([-299, 0]);
  });
  it('puts the y top above the data and the limit, never at zero', () => {
    expect(yTop(50, undefined, 1)).toBeCloseTo(55);
    expect(yTop(0, undefined, 1)).toBeCloseTo(1.1);
    expect(yTop(null, undefined, 1)).toBeCloseTo(1.1);
    expect(yTop(10, 100, 1)).toBeCloseTo(110);
  });
  it('steps bytes by powers of two of IEC units', () => {
    expect(BYTE_INCRS).toContain(256 * 1024 * 1024);
    expect(BYTE_INCRS).toEqual([...BYTE_INCRS].sort((a, b) => a - b));
    expect(shortNumber('1.0 KiB')).toBe('1 KiB');
    expect(shortNumber('1.5 KiB')).toBe('1.5 KiB');
    expect(shortNumber('12 %')).toBe('12 %');
  });
});

describe('stepIndex', () => {
  it('starts at the newest point and moves within bounds', () => {
    expect(stepIndex(null, 'ArrowLeft', 5)).toBe(4);
    expect(stepIndex(4, 'ArrowLeft', 5)).toBe(3);
    expect(stepIndex(0, 'ArrowLeft', 5)).toBe(0);
    expect(stepIndex(4, 'ArrowRight', 5)).toBe(4);
    expect(stepIndex(2, 'Home', 5)).toBe(0);
    expect(stepIndex(2, 'End', 5)).toBe(4);
    expect(stepIndex(2, 'PageUp', 30)).toBe(0);
    expect(stepIndex(2, 'PageDown', 30)).toBe(12);
  });
  it('ignores other keys and empty charts', () => {
    expect(stepIndex(1, 'Enter', 5)).toBeUndefined();
    expect(stepIndex(null, 'ArrowLeft', 0)).toBeUndefined();
  });
});

describe('indexOfTime', () => {
  it('finds the sample at a time or the nearest one', () => {
    const ts = [1000, 2000, 3000];
    expect(indexOfTime(ts, 2000)).toBe(1);
    expect(indexOfTime(ts, 2400)).toBe(1);
    expect(indexOfTime(ts, 2600)).toBe(2);
    expect(indexOfTime(ts, 0)).toBe(0);
    expect(indexOfTime(ts, 9000)).toBe(2);
    expect(indexOfTime([], 1)).toBe(-1);
  });
});

describe('describePoint', () => {
  it('says when and each value', () => {
    const t = new Date(2026, 0, 2, 21, 15, 3).getTime();
    expect(describePoint(-12, t, [{ name: 'in', text: '1 KiB/s' }, { name: 'out', text: '0 B/s' }])).toBe('\u221212 s (21:15:03): in 1 KiB/s, out 0 B/s');
  });
});
