import { describe, expect, it } from 'vitest';
import { pullFailure, PullProgress, withDefaultTag } from './pull';

describe('pull progress folding', () => {
  it('tracks each layer and counts download bytes, not extraction bytes', () => {
    const p = new PullProgress();
    const L = 'a1b2c3d4e5f6';
    const M = '0123456789ab';
    p.apply({ status: 'Pulling from team/app', id: '1' });
    p.apply({ status: 'Pulling fs layer', id: L });
    p.apply({ status: 'Pulling fs layer', id: M });
    p.apply({ status: 'Downloading', id: L, progressDetail: { current: 500, total: 1000 } });
    p.apply({ status: 'Downloading', id: M, progressDetail: { current: 10, total: 100 } });
    expect(p.event()).toMatchObject({ status: 'Pulling from team/app 1', currentBytes: 510, totalBytes: 1100 });
    p.apply({ status: 'Download complete', id: L });
    p.apply({ status: 'Extracting', id: L, progressDetail: { current: 1, total: 5000 } });
    expect(p.event()).toMatchObject({ currentBytes: 1010, totalBytes: 1100 });
    p.apply({ status: 'Pull complete', id: L });
    p.apply({ status: 'Pull complete', id: M });
    p.apply({ status: 'Digest: sha256:' + 'f'.repeat(64) });
    p.apply({ status: 'Status: Downloaded newer image for team/app:1' });
    expect(p.event()).toMatchObject({ currentBytes: 1100, totalBytes: 1100 });
    expect(p.done()).toEqual({
      type: 'done',
      status: 'Status: Downloaded newer image for team/app:1',
      layers: [
        { id: L, status: 'Pull complete', current: 1000, total: 1000 },
        { id: M, status: 'Pull complete', current: 100, total: 100 },
      ],
    });
  });
  it('turns an error line into an image field error', () => {
    const p = new PullProgress();
    expect(() => p.apply({ errorDetail: { message: 'manifest for x:1 not found: manifest unknown' }, error: 'x' })).toThrow(/manifest unknown/);
    try {
      p.apply({ error: 'manifest unknown' });
    } catch (e) {
      expect(e).toMatchObject({ code: 'image-not-found', field: 'image' });
    }
  });
  it('says the registry could not be reached when the engine cannot talk to it (found by the contract fuzz test)', () => {
    const e = pullFailure('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host');
    expect(e).toMatchObject({ code: 'image-not-found', field: 'image' });
    expect(e.message).toMatch(/^The registry could not be reached/);
    expect(pullFailure('manifest unknown')).toMatchObject({ code: 'image-not-found' });
    expect(pullFailure('something else went wrong').code).toBe('internal');
  });
  it('adds :latest like docker pull, and keeps tags, digests and registry ports', () => {
    expect(withDefaultTag('busybox')).toBe('busybox:latest');
    expect(withDefaultTag('127.0.0.1:5000/app')).toBe('127.0.0.1:5000/app:latest');
    expect(withDefaultTag('127.0.0.1:5000/app:2')).toBe('127.0.0.1:5000/app:2');
    expect(withDefaultTag('app@sha256:' + 'a'.repeat(64))).toBe('app@sha256:' + 'a'.repeat(64));
  });
});
