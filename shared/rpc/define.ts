import type { z } from 'zod';

/**
 * Contract building blocks. An area of the app declares its calls and channels
 * once, with runtime schemas; the client gets types from them and the server
 * parses every input with them before a handler runs.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'method';
  readonly input: I;
  readonly output: O;
}

export interface ChannelDef<
  I extends z.ZodType = z.ZodType,
  E extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  readonly kind: 'channel';
  readonly input: I;
  /** What the server emits (bytes, when any, travel beside it). */
  readonly event: E;
  /** What the client may push into the channel. */
  readonly push: P;
  /** The server's flow window for this channel's events, when the default (flow.ts) does not fit. */
  readonly flow?: { readonly high: number; readonly low: number };
  /**
   * The channel holds engine streams (or other engine connections) while open,
   * counted against the per-connection engine-stream cap (limits.ts): `true`
   * counts one; a function counts what the input asks for (a log stream of five
   * containers holds five).
   */
  readonly engine?: EngineStreams<z.output<I>>;
}

/** Method syntax keeps a def for a specific input assignable to ChannelDef of any input. */
export type EngineStreams<In> = true | { count(input: In): number }['count'];

export type Def = MethodDef | ChannelDef;
export type Contract = Record<string, Def>;

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodDef<I, O> {
  return { kind: 'method', input, output };
}

export function channel<I extends z.ZodType, E extends z.ZodType, P extends z.ZodType>(def: {
  input: I;
  event: E;
  push: P;
  flow?: { high: number; low: number };
  engine?: EngineStreams<z.output<I>>;
}): ChannelDef<I, E, P> {
  return { kind: 'channel', ...def };
}

export type MethodName<C extends Contract> = { [K in keyof C]: C[K] extends MethodDef ? K : never }[keyof C] & string;
export type ChannelName<C extends Contract> = { [K in keyof C]: C[K] extends ChannelDef ? K : never }[keyof C] &
  string;

export type Input<C extends Contract, K extends keyof C> = z.input<C[K]['input']>;
export type ParsedInput<C extends Contract, K extends keyof C> = z.output<C[K]['input']>;
export type Output<C extends Contract, K extends keyof C> = C[K] extends MethodDef<z.ZodType, infer O>
  ? z.output<O>
  : never;
export type EventOf<C extends Contract, K extends keyof C> = C[K] extends ChannelDef<z.ZodType, infer E>
  ? z.output<E>
  : never;
export type PushOf<C extends Contract, K extends keyof C> = C[K] extends ChannelDef<z.ZodType, z.ZodType, infer P>
  ? z.output<P>
  : never;
