import { z } from 'zod';
import { BerthError, type ErrorCode } from '../../../shared/contract/errors';

/**
 * Why a connection to an engine failed, beyond the error code: the connection
 * form acts on it (asks to trust a host key, asks for a passphrase, points at
 * the field to fix). Carried as `details.reason` of the BerthError.
 */
export const ConnectFailure = z.enum([
  'file-missing',
  'file-unreadable',
  'not-pem',
  'key-mismatch',
  'tls-incomplete',
  'tls-server-untrusted',
  'tls-name-mismatch',
  'tls-client-refused',
  'tls-expected',
  'tls-unexpected',
  'host-key-unknown',
  'host-key-changed',
  'host-key-revoked',
  'ssh-auth-failed',
  'ssh-no-credentials',
  'passphrase-needed',
  'passphrase-wrong',
  'key-unsupported',
  'no-answer',
  'refused',
  'no-such-host',
  'no-docker-cli',
  'lost',
  'not-an-engine',
]);
export type ConnectFailure = z.infer<typeof ConnectFailure>;

export function connectError(code: ErrorCode, reason: ConnectFailure, message: string, extra: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {}): BerthError {
  return new BerthError(code, message, { field: extra.field, details: { reason, ...extra.details }, cause: extra.cause });
}

export function failureOf(e: unknown): ConnectFailure | undefined {
  const d = (e as { details?: { reason?: unknown } } | null)?.details;
  const r = ConnectFailure.safeParse(d?.reason);
  return r.success ? r.data : undefined;
}

const SERVER_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
]);
const CLIENT_REFUSED = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
]);

export interface ConnectContext {
  display: string;
  kind: 'unix' | 'tcp' | 'ssh';
  tls: boolean;
  /** Whether a client certificate was offered. */
  clientCert: boolean;
}

/**
 * What failed while reaching an engine, as a sentence for the connection form:
 * TLS verdicts both ways, the wrong protocol on the port, nothing listening,
 * nothing answering. Errors already carrying a reason pass through.
 */
export function mapConnectError(e: unknown, ctx: ConnectContext): BerthError {
  if (e instanceof BerthError && failureOf(e)) return e;
  const err = (e ?? {}) as { code?: string; statusCode?: number; message?: string; json?: unknown };
  const code = err.code ?? (e instanceof Error && e.cause ? (e.cause as { code?: string }).code : undefined);
  const at = ctx.display;
  if (code && SERVER_UNTRUSTED.has(code)) {
    const expired = code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID';
    return connectError(
      'unauthorized',
      'tls-server-untrusted',
      expired
        ? `The engine at ${at} presents a certificate that is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'}.`
        : `The engine at ${at} presents a certificate the given CA did not sign (${code}). Check the CA file, or that this is the engine you mean.`,
      { field: 'tls.ca', details: { tlsCode: code }, cause: e },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return connectError('unauthorized', 'tls-name-mismatch', `The engine's certificate is not made out for the address ${at}: ${err.message ?? ''}`.trim(), { field: 'endpoint', cause: e });
  }
  if (code && CLIENT_REFUSED.has(code)) {
    return connectError(
      'unauthorized',
      'tls-client-refused',
      ctx.clientCert
        ? `The engine at ${at} does not trust the client certificate: it was not signed by the CA the daemon was started with (--tlscacert).`
        : `The engine at ${at} requires a client certificate (it runs with --tlsverify): give the client certificate and key.`,
      { field: 'tls.cert', details: { tlsCode: code }, cause: e },
    );
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || code === 'EPROTO') {
    return connectError('invalid-input', 'tls-unexpected', `${at} does not speak TLS: it may be a plain (unencrypted) engine port, or not an engine at all.`, { field: 'tls', cause: e });
  }
  const message = typeof err.message === 'string' ? err.message : '';
  if (err.statusCode === 400 && /HTTP request to an HTTPS server/i.test(JSON.stringify(err.json ?? '') + message)) {
    return connectError('invalid-input', 'tls-expected', `The engine at ${at} expects TLS: give its CA and a client certificate and key.`, { field: 'tls', cause: e });
  }
  if (code === 'ECONNREFUSED') return connectError('engine-unreachable', 'refused', `Nothing is listening at ${at} (connection refused).`, { cause: e });
  if (code === 'ENOENT' && ctx.kind === 'unix') return connectError('engine-unreachable', 'refused', `There is no socket at ${at}.`, { cause: e });
  if (code === 'EACCES' || code === 'EPERM') return connectError('permission-denied', 'refused', `Permission denied on ${at}.`, { cause: e });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return connectError('engine-unreachable', 'no-such-host', `The host name in ${at} cannot be resolved.`, { cause: e });
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') return connectError('engine-unreachable', 'no-answer', `${at} cannot be reached (${code}).`, { cause: e });
  if (e instanceof BerthError && e.code === 'timeout') {
    return connectError('timeout', 'no-answer', `${at} did not answer in time: ${e.message.replace(/^The container engine /, 'the engine ')}`, { cause: e });
  }
  if (code === 'ECONNRESET' || /socket hang up/i.test(message)) {
    return connectError('engine-unreachable', 'lost', `${at} closed the connection before answering${ctx.tls ? ' (during or after the TLS handshake: the engine may refuse the client certificate)' : ''}.`, { cause: e });
  }
  if (typeof err.statusCode === 'number') {
    return connectError('unsupported', 'not-an-engine', `${at} answered HTTP ${err.statusCode}, not as a container engine does.`, { cause: e });
  }
  if (e instanceof BerthError) return e;
  return connectError('internal', 'lost', `Connecting to ${at} failed: ${message || String(e)}`, { cause: e });
}
