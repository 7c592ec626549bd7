import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TlsFiles } from './endpoint';
import { connectError } from './connect-errors';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Verification of the daemon's certificate and name. */
  rejectUnauthorized: boolean;
}

type Field = 'ca' | 'cert' | 'key';
const LABEL: Record<Field, string> = { ca: 'CA certificate', cert: 'client certificate', key: 'client key' };

function readPem(path: string, field: Field, read: (p: string) => Buffer): Buffer {
  let data: Buffer;
  try {
    data = read(path);
  } catch (e) {
    const code = (e as { code?: string } | null)?.code;
    if (code === 'ENOENT') throw connectError('invalid-input', 'file-missing', `The ${LABEL[field]} file ${path} does not exist.`, { field: `tls.${field}` });
    if (code === 'EISDIR') throw connectError('invalid-input', 'file-unreadable', `The ${LABEL[field]} path ${path} is a folder, not a file.`, { field: `tls.${field}` });
    throw connectError('invalid-input', 'file-unreadable', `Berth cannot read the ${LABEL[field]} file ${path} (${code ?? 'error'}).`, { field: `tls.${field}` });
  }
  const text = data.toString('latin1');
  const want = field === 'key' ? /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/ : /-----BEGIN CERTIFICATE-----/;
  if (!want.test(text)) {
    const what = field === 'key' ? 'a PEM private key (-----BEGIN PRIVATE KEY-----)' : 'a PEM certificate (-----BEGIN CERTIFICATE-----)';
    throw connectError('invalid-input', 'not-pem', `The ${LABEL[field]} file ${path} is not ${what}.`, { field: `tls.${field}` });
  }
  return data;
}

/**
 * Reads the TLS files an endpoint names and checks them before any
 * connection: present, PEM, parseable, and the client key belonging to the
 * client certificate. Errors name the file and the form field.
 */
export function loadTlsMaterial(tls: TlsFiles, secrets: { keyPassphrase?: string } = {}, read: (p: string) => Buffer = (p) => readFileSync(p)): TlsMaterial {
  const out: TlsMaterial = { rejectUnauthorized: tls.verify !== false };
  if (Boolean(tls.cert) !== Boolean(tls.key)) {
    const missing: Field = tls.cert ? 'key' : 'cert';
    throw connectError('invalid-input', 'tls-incomplete', `A client certificate needs its key, and a key its certificate: the ${LABEL[missing]} is missing.`, { field: `tls.${missing}` });
  }
  if (tls.ca) {
    out.ca = readPem(tls.ca, 'ca', read);
    try {
      new X509Certificate(out.ca);
    } catch (e) {
      throw connectError('invalid-input', 'not-pem', `The CA certificate file ${tls.ca} holds no certificate Berth can read.`, { field: 'tls.ca', cause: e });
    }
  }
  if (tls.cert && tls.key) {
    out.cert = readPem(tls.cert, 'cert', read);
    out.key = readPem(tls.key, 'key', read);
    let cert: X509Certificate;
    let key: KeyObject;
    try {
      cert = new X509Certificate(out.cert);
    } catch (e) {
      throw connectError('invalid-input', 'not-pem', `The client certificate file ${tls.cert} holds no certificate Berth can read.`, { field: 'tls.cert', cause: e });
    }
    try {
      key = createPrivateKey(secrets.keyPassphrase ? { key: out.key, passphrase: secrets.keyPassphrase } : out.key);
    } catch (e) {
      const encrypted = /ENCRYPTED/.test(out.key.toString('latin1'));
      if (encrypted && !secrets.keyPassphrase) {
        throw connectError('unauthorized', 'passphrase-needed', `The client key ${tls.key} is protected: it needs its passphrase.`, { field: 'passphrase', cause: e });
      }
      throw connectError('invalid-input', encrypted ? 'passphrase-wrong' : 'not-pem', encrypted ? `The passphrase does not open the client key ${tls.key}.` : `The client key file ${tls.key} holds no key Berth can read.`, {
        field: encrypted ? 'passphrase' : 'tls.key',
        cause: e,
      });
    }
    if (!cert.checkPrivateKey(key)) {
      throw connectError('invalid-input', 'key-mismatch', `The client key ${tls.key} does not belong to the client certificate ${tls.cert}.`, { field: 'tls.key' });
    }
    if (encryptedPem(out.key)) out.key = Buffer.from(key.export({ format: 'pem', type: 'pkcs8' }) as string);
  }
  return out;
}

function encryptedPem(b: Buffer): boolean {
  return /ENCRYPTED/.test(b.toString('latin1'));
}
