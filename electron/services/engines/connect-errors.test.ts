import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../shared/contract/errors';
import { failureOf, mapConnectError, type ConnectContext } from './connect-errors';
import { loadTlsMaterial } from './tls-material';

const tls: ConnectContext = { display: 'tcp://h:2376', kind: 'tcp', tls: true, clientCert: true };
const err = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('mapConnectError', () => {
  it.each([
    [err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), tls, 'unauthorized', 'tls-server-untrusted', 'tls.ca'],
    [err('SELF_SIGNED_CERT_IN_CHAIN'), tls, 'unauthorized', 'tls-server-untrusted', 'tls.ca'],
    [err('CERT_HAS_EXPIRED'), tls, 'unauthorized', 'tls-server-untrusted', 'tls.ca'],
    [err('ERR_TLS_CERT_ALTNAME_INVALID'), tls, 'unauthorized', 'tls-name-mismatch', 'endpoint'],
    [err('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), tls, 'unauthorized', 'tls-client-refused', 'tls.cert'],
    [err('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), { ...tls, clientCert: false }, 'unauthorized', 'tls-client-refused', 'tls.cert'],
    [err('ERR_SSL_WRONG_VERSION_NUMBER'), tls, 'invalid-input', 'tls-unexpected', 'tls'],
    [Object.assign(new Error('(HTTP code 400) unexpected - Client sent an HTTP request to an HTTPS server.'), { statusCode: 400 }), { ...tls, tls: false }, 'invalid-input', 'tls-expected', 'tls'],
    [err('ECONNREFUSED'), tls, 'engine-unreachable', 'refused', undefined],
    [err('ENOTFOUND'), tls, 'engine-unreachable', 'no-such-host', undefined],
    [err('EHOSTUNREACH'), tls, 'engine-unreachable', 'no-answer', undefined],
    [new BerthError('timeout', 'The container engine did not answer within 3 s (GET /version).'), tls, 'timeout', 'no-answer', undefined],
    [err('ECONNRESET', 'socket hang up'), tls, 'engine-unreachable', 'lost', undefined],
    [Object.assign(new Error('(HTTP code 404) unexpected - page not found'), { statusCode: 404 }), tls, 'unsupported', 'not-an-engine', undefined],
  ] as const)('%s', (e, ctx, code, reason, field) => {
    const got = mapConnectError(e, ctx);
    expect(got.code).toBe(code);
    expect(failureOf(got)).toBe(reason);
    expect(got.field).toBe(field);
    expect(got.message).toContain(ctx.display);
  });

  it('tells a missing client certificate from an untrusted one', () => {
    expect(mapConnectError(err('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), tls).message).toMatch(/does not trust the client certificate/);
    expect(mapConnectError(err('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), { ...tls, clientCert: false }).message).toMatch(/requires a client certificate/);
  });

  it('passes an error that already says why through unchanged, and maps anything else', () => {
    const own = new BerthError('unauthorized', 'x', { details: { reason: 'host-key-changed' } });
    expect(mapConnectError(own, tls)).toBe(own);
    expect(mapConnectError('weird', tls).code).toBe('internal');
    expect(mapConnectError(undefined, tls).code).toBe('internal');
  });
});

describe('loadTlsMaterial (files injected)', () => {
  const files: Record<string, string> = {
    '/ca.pem': '-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n',
    '/text.pem': 'hello\n',
    '/key.pem': '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
  };
  const read = (p: string) => {
    if (p === '/dir') throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    const v = files[p];
    if (v === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return Buffer.from(v);
  };
  const fails = (t: Parameters<typeof loadTlsMaterial>[0]) => {
    try {
      loadTlsMaterial(t, {}, read);
    } catch (e) {
      return { code: (e as BerthError).code, reason: failureOf(e), field: (e as BerthError).field, message: (e as Error).message };
    }
    throw new Error('accepted');
  };

  it('names the file and the field for each problem, before any connection', () => {
    expect(fails({ ca: '/missing.pem', verify: true })).toMatchObject({ code: 'invalid-input', reason: 'file-missing', field: 'tls.ca', message: expect.stringContaining('/missing.pem') });
    expect(fails({ ca: '/dir', verify: true })).toMatchObject({ reason: 'file-unreadable', field: 'tls.ca' });
    expect(fails({ ca: '/text.pem', verify: true })).toMatchObject({ reason: 'not-pem', field: 'tls.ca' });
    expect(fails({ ca: '/ca.pem', verify: true })).toMatchObject({ reason: 'not-pem', message: expect.stringMatching(/no certificate Berth can read/) });
    expect(fails({ cert: '/ca.pem', verify: true })).toMatchObject({ reason: 'tls-incomplete', field: 'tls.key' });
    expect(fails({ key: '/key.pem', verify: true })).toMatchObject({ reason: 'tls-incomplete', field: 'tls.cert' });
    expect(fails({ cert: '/text.pem', key: '/key.pem', verify: true })).toMatchObject({ reason: 'not-pem', field: 'tls.cert' });
  });

  it('keeps verification on unless turned off', () => {
    expect(loadTlsMaterial({ verify: true }, {}, read)).toEqual({ rejectUnauthorized: true });
    expect(loadTlsMaterial({ verify: false }, {}, read)).toEqual({ rejectUnauthorized: false });
  });
});
