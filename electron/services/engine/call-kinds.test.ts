import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, formatDuration, planCall } from './call-kinds';

const t = DEFAULT_TIMEOUTS;

describe('planCall', () => {
  it('gives metadata reads a deadline of seconds', () => {
    for (const path of ['/containers/json?', '/containers/abc/json?', '/version', '/info', '/images/json?', '/v1.41/containers/abc/top?']) {
      expect(planCall({ method: 'GET', path })).toMatchObject({ kind: 'quick', deadlineMs: t.quick });
    }
    expect(planCall({ method: 'GET', path: '/_ping' })).toMatchObject({ kind: 'ping', deadlineMs: t.ping });
    expect(planCall({ method: 'HEAD', path: '/containers/abc/archive?' })).toMatchObject({ kind: 'quick' });
    expect(planCall({ method: 'POST', path: '/exec/abc/resize?' })).toMatchObject({ kind: 'quick' });
  });

  it('gives a stop its own grace period plus a margin', () => {
    expect(planCall({ method: 'POST', path: '/containers/abc/stop?', query: { t: 3 } })).toMatchObject({ kind: 'stop', deadlineMs: 3_000 + t.stopMargin });
    expect(planCall({ method: 'POST', path: '/containers/abc/restart?', query: { t: 0 } })).toMatchObject({ deadlineMs: t.stopMargin });
    // Without one the container's own StopTimeout applies, unknown here.
    expect(planCall({ method: 'POST', path: '/containers/abc/stop?', query: {} })).toMatchObject({ deadlineMs: t.stopUnknown });
    expect(planCall({ method: 'POST', path: '/containers/abc/stop?', query: { t: 'x' } })).toMatchObject({ deadlineMs: t.stopUnknown });
  });

  it('bounds mutating calls and image removal', () => {
    for (const [method, path] of [['POST', '/containers/create?'], ['POST', '/containers/abc/start?'], ['DELETE', '/containers/abc?'], ['POST', '/containers/abc/update?'], ['PUT', '/containers/abc/archive?']] as const) {
      expect(planCall({ method, path })).toMatchObject({ kind: 'mutate', deadlineMs: t.mutate });
    }
    expect(planCall({ method: 'DELETE', path: '/images/busybox:latest?' })).toMatchObject({ kind: 'image-remove', deadlineMs: t.imageRemove });
    expect(planCall({ method: 'GET', path: '/system/df' })).toMatchObject({ kind: 'slow', deadlineMs: t.slow });
  });

  it('limits streams only until they start, and calls that wait for an event not at all', () => {
    expect(planCall({ method: 'GET', path: '/events?', isStream: true })).toMatchObject({ kind: 'stream', deadlineMs: t.firstByte });
    expect(planCall({ method: 'POST', path: '/exec/abc/start', hijack: true, isStream: true })).toMatchObject({ kind: 'stream' });
    expect(planCall({ method: 'POST', path: '/images/create?', isStream: true })).toMatchObject({ kind: 'stream', deadlineMs: t.pullFirstByte });
    expect(planCall({ method: 'POST', path: '/containers/abc/wait?' })).toMatchObject({ kind: 'long', deadlineMs: undefined });
    expect(planCall({ method: 'GET', path: '/containers/abc/logs?' })).toMatchObject({ kind: 'long', deadlineMs: undefined });
  });

  it('names the request without its query or version', () => {
    expect(planCall({ method: 'get', path: '/v1.41/containers/abc/json?size=1' }).what).toBe('GET /containers/abc/json');
  });
});

describe('formatDuration', () => {
  it('reads naturally', () => {
    expect(formatDuration(800)).toBe('0.8 s');
    expect(formatDuration(10_000)).toBe('10 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });
});
