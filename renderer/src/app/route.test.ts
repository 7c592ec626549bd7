import { describe, expect, it } from 'vitest';
import { formatHash, isFullPage, parseHash } from './route';

describe('hash routes', () => {
  it('reads the full-page details beside the folder, and only "1" means full', () => {
    const loc = parseHash('#/containers/abc123/files?full=1&path=/app');
    expect(loc).toEqual({ view: 'containers', details: { id: 'abc123', tab: 'files' }, params: { full: '1', path: '/app' } });
    expect(isFullPage(loc)).toBe(true);
    expect(formatHash(loc)).toBe('#/containers/abc123/files?full=1&path=/app');
    for (const h of ['#/containers/abc123/files', '#/containers/abc123/files?full=0', '#/containers/abc123?full=yes', '#/containers?full=1', '#/terminals/t1?full=1']) {
      expect(isFullPage(parseHash(h)), h).toBe(false);
    }
  });

  it('reads a view, a container’s tab and the Files tab’s folder', () => {
    expect(parseHash('#/terminals')).toEqual({ view: 'terminals', params: {} });
    expect(parseHash('#/terminals/t-1')).toEqual({ view: 'terminals', item: 't-1', params: {} });
    expect(parseHash('#/containers/abc123/files?path=/app/src')).toEqual({
      view: 'containers',
      details: { id: 'abc123', tab: 'files' },
      params: { path: '/app/src' },
    });
    expect(parseHash('#/containers/abc123')).toEqual({ view: 'containers', details: { id: 'abc123', tab: 'overview' }, params: {} });
  });

  it('round-trips folder names with spaces, ampersands and non-ASCII text', () => {
    const loc = { view: 'containers', details: { id: 'abc', tab: 'files' }, params: { path: '/srv/a b&c=d/Überblick?#' } };
    const hash = formatHash(loc);
    expect(hash.startsWith('#/containers/abc/files?path=/srv/')).toBe(true);
    expect(parseHash(hash)).toEqual(loc);
  });

  it('treats the login fragment, garbage and malformed escapes as the default view', () => {
    for (const h of ['', '#', '#token=abc', '#/', '#/%E0%A4%A', '#/con tainers', `#/${'x'.repeat(200)}`, '#/../etc', '#//']) {
      const loc = parseHash(h);
      expect(loc.view, h).toBe('containers');
      expect(loc.details, h).toBeUndefined();
    }
  });

  it('drops parameters it cannot read instead of failing', () => {
    expect(parseHash('#/containers/a/files?path=%E0%A4&x&=y&Bad-Key=1').params).toEqual({});
    expect(parseHash(`#/containers/a/files?path=/${'a'.repeat(5000)}`).params).toEqual({});
  });
});
