import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { allowedHostHeaders, Auth, parseCookies, SESSION_COOKIE } from './auth';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('web host auth', () => {
  const auth = new Auth({ token: 'secret-token', port: 7420, bindHost: '127.0.0.1' });

  it('accepts only our own Host names (DNS rebinding)', () => {
    expect(auth.hostAllowed(req({ host: '127.0.0.1:7420' }))).toBe(true);
    expect(auth.hostAllowed(req({ host: 'localhost:7420' }))).toBe(true);
    expect(auth.hostAllowed(req({ host: 'evil.example:7420' }))).toBe(false);
    expect(auth.hostAllowed(req({ host: '127.0.0.1:7421' }))).toBe(false);
    expect(auth.hostAllowed(req({}))).toBe(false);
  });

  it('requires our Origin where browsers send one', () => {
    expect(auth.originAllowed(req({ origin: 'http://127.0.0.1:7420' }), { required: true })).toBe(true);
    expect(auth.originAllowed(req({ origin: 'http://evil.example' }), { required: true })).toBe(false);
    expect(auth.originAllowed(req({ origin: 'null' }), { required: true })).toBe(false);
    expect(auth.originAllowed(req({}), { required: true })).toBe(false);
    expect(auth.originAllowed(req({}), { required: false })).toBe(true);
  });

  it('authenticates by bearer token or by a session cookie it issued', () => {
    expect(auth.authenticated(req({ authorization: 'Bearer secret-token' }))).toBe(true);
    expect(auth.authenticated(req({ authorization: 'Bearer secret-tokeN' }))).toBe(false);
    expect(auth.authenticated(req({ cookie: `${SESSION_COOKIE}=made-up` }))).toBe(false);
    const cookie = auth.newSessionCookie(false);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const sid = /=([^;]+)/.exec(cookie)![1]!;
    expect(auth.authenticated(req({ cookie: `other=1; ${SESSION_COOKIE}=${sid}` }))).toBe(true);
  });

  it('makes a token when none is given', () => {
    expect(new Auth({ port: 1, bindHost: '127.0.0.1' }).token).toMatch(/^[\w-]{32}$/);
  });

  it('lists host names per bind address', () => {
    expect([...allowedHostHeaders('0.0.0.0', 80)]).toEqual(['127.0.0.1:80', 'localhost:80', '[::1]:80']);
    expect(allowedHostHeaders('192.168.1.5', 80).has('192.168.1.5:80')).toBe(true);
    expect(parseCookies('a=1; b = 2;c')).toEqual({ a: '1', b: '2' });
  });
});

describe('web sessions', () => {
  const cookieReq = (setCookie: string) => req({ cookie: setCookie.split(';')[0]! });

  it('forgets a session unused for the idle time, on a clock of its own', () => {
    let now = 1_000;
    const auth = new Auth({ token: 't', port: 1, bindHost: '127.0.0.1', idleMs: 100, now: () => now });
    const a = auth.newSessionCookie(false);
    const b = auth.newSessionCookie(false);
    now += 60;
    expect(auth.authenticated(cookieReq(b))).toBe(true); // b used at 1060
    now += 60; // a last used at 1000: 120 ago
    expect(auth.authenticated(cookieReq(a))).toBe(false);
    expect(auth.authenticated(cookieReq(b))).toBe(true);
    expect(auth.sessionCount).toBe(1);
  });

  it('keeps a session held by an open socket through idle time and floods, and counts from its release', () => {
    let now = 0;
    const auth = new Auth({ token: 't', port: 1, bindHost: '127.0.0.1', idleMs: 100, maxSessions: 3, now: () => now });
    const held = auth.newSessionCookie(false);
    const release = auth.hold(auth.session(cookieReq(held))!);
    for (let i = 0; i < 50; i++) auth.newSessionCookie(false);
    now += 1_000;
    expect(auth.authenticated(cookieReq(held))).toBe(true);
    release();
    now += 50;
    expect(auth.authenticated(cookieReq(held))).toBe(true);
    now += 200;
    expect(auth.authenticated(cookieReq(held))).toBe(false);
    expect(auth.sessionCount).toBeLessThanOrEqual(3);
  });
});
