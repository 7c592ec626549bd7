/**
 * Secrets never reach the activity log. Two rules: values under a key that
 * names a secret are replaced, and env-style `NAME=value` entries keep the
 * name only (a container's env is where people put credentials). Strings that
 * look like well-known token formats are replaced wherever they appear.
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|auth|credential|private[-_]?key|cookie)/i;
/** Keys whose value is a list or map of environment variables. */
const ENV_KEY = /^(env|environment|envs|variables|vars)$/i;
/** Token formats seen in the wild: GitHub, Slack, OpenAI-style, AWS access keys, JWTs, bearer headers. */
const TOKEN_LIKE =
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|xox[abpors]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})\b|\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;
/** `--password=x`, `password: x`, `token=x` inside free text such as a command line. */
const INLINE_SECRET = /((?:--?)?[A-Za-z_]*(?:pass(?:word|wd)?|secret|token|api[-_]?key)[A-Za-z_]*\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi;
const MAX_DEPTH = 8;
const DIFF_NAME_KEYS = ['field', 'path', 'key', 'name'];
const DIFF_VALUE_KEYS = new Set(['from', 'to', 'old', 'new', 'before', 'after', 'value', 'was', 'now']);
/** Long strings are cut: a log line stays small even when a parameter is a file's content. */
const MAX_STRING = 2000;

export function redactString(s: string): string {
  const cut = s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}… (${s.length - MAX_STRING} more characters)` : s;
  return cut.replace(TOKEN_LIKE, REDACTED).replace(INLINE_SECRET, (_m, key: string) => `${key}${REDACTED}`);
}

/** `NAME=value` → `NAME=[redacted]`; anything else is treated as a secret whole. */
export function redactEnvEntry(entry: unknown): unknown {
  if (typeof entry !== 'string') return REDACTED;
  const eq = entry.indexOf('=');
  return eq > 0 ? `${entry.slice(0, eq)}=${REDACTED}` : entry;
}

function redactEnv(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactEnvEntry);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as Record<string, unknown>).map((k) => [k, REDACTED]));
  }
  return REDACTED;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[too deep]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    // A diff entry such as { field: 'env', from: [...], to: [...] }: its values are as secret as the field.
    const named = DIFF_NAME_KEYS.map((k) => obj[k]).find((v): v is string => typeof v === 'string');
    const secretDiff = named !== undefined && (ENV_KEY.test(named.split('.')[0]!) || SECRET_KEY.test(named));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (secretDiff && DIFF_VALUE_KEYS.has(k)) {
        out[k] = ENV_KEY.test(named.split('.')[0]!) ? redactEnv(v) : REDACTED;
        continue;
      }
      if (ENV_KEY.test(k)) out[k] = redactEnv(v);
      else if (SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean') out[k] = REDACTED;
      else out[k] = redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
