import { z } from 'zod';

/**
 * Errors cross the bridge as data with a closed set of codes the UI can act on:
 * never a raw stack.
 */
export const ErrorCode = z.enum([
  'engine-unreachable',
  'permission-denied',
  'not-found',
  'conflict',
  'wrong-state',
  'invalid-input',
  'port-in-use',
  'name-in-use',
  'image-not-found',
  'cancelled',
  'timeout',
  'unsupported',
  'unauthorized',
  'disconnected',
  'too-large',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Where the error belongs, e.g. a form field (`name`, `ports.0.hostPort`) or an archive entry. */
  field: z.string().optional(),
  details: z.unknown().optional(),
});
export type ErrorData = z.infer<typeof ErrorData>;

export class BerthError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, opts: { field?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'BerthError';
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.details !== undefined) data.details = this.details;
    return data;
  }

  static fromData(data: ErrorData): BerthError {
    return new BerthError(data.code, data.message, { field: data.field, details: data.details });
  }
}

export function isBerthError(e: unknown): e is BerthError {
  return e instanceof BerthError;
}

/** A readable message for any thrown value, for places that only need text. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'Unknown error';
}
