/**
 * The contract is pure TypeScript shared by Node and the browser: no DOM, no
 * Node types. These few web-standard globals exist in both and are all it may use.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare function queueMicrotask(callback: () => void): void;
declare function setTimeout(handler: (...args: never[]) => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare const console: { error(...args: unknown[]): void; warn(...args: unknown[]): void; log(...args: unknown[]): void };
interface AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
