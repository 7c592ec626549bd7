import type { z } from 'zod';
import { BerthError, type ErrorData } from '../contract/errors';
import type { ChannelDef, Contract, EventOf, MethodDef, Output, ParsedInput, PushOf } from './define';
import { Credit, FlowControl, MAX_PUSH_BYTES, flowUnits } from './flow';
import { CloseCode, defaultLimits, type ConnectionLimitsConfig } from './limits';
import { ClientFrame, type ServerFrame, type ServerTransport } from './frames';

/** Who is on the other end of a connection; handlers may use it for audit lines. */
export interface ClientInfo {
  id: string;
  host: 'electron' | 'web' | 'memory';
}

export interface CallContext {
  signal: AbortSignal;
  client: ClientInfo;
}

export interface ServerChannel<E, P> {
  readonly signal: AbortSignal;
  readonly client: ClientInfo;
  /** Sends an event; returns false once the client is far enough behind that the producer should pause. */
  emit(value: E, bytes?: Uint8Array): boolean;
  /** Resolves when the client has caught up (or the channel closed). */
  ready(): Promise<void>;
  /** Called with true when the producer should pause, false when it may resume. */
  onFlow(listener: (paused: boolean) => void): () => void;
  /** Data the client pushes; the next push waits until this one's promise settles (order kept, ack after). */
  onPush(listener: (value: P, bytes: Uint8Array | undefined) => void | Promise<void>): void;
  /** Called once when the channel closes for any reason. */
  onClose(listener: () => void): void;
  end(error?: unknown): void;
}

type MethodHandler<C extends Contract, K extends keyof C> = (
  input: ParsedInput<C, K>,
  ctx: CallContext,
) => Promise<Output<C, K>> | Output<C, K>;
type ChannelHandler<C extends Contract, K extends keyof C> = (
  input: ParsedInput<C, K>,
  ch: ServerChannel<EventOf<C, K>, PushOf<C, K>>,
) => void | Promise<void>;

export type Handlers<C extends Contract> = {
  [K in keyof C]: C[K] extends MethodDef ? MethodHandler<C, K> : C[K] extends ChannelDef ? ChannelHandler<C, K> : never;
};

type AnyHandler = (input: unknown, ctx: never) => unknown;
export interface Router {
  readonly defs: Readonly<Record<string, MethodDef | ChannelDef>>;
  readonly handlers: Readonly<Record<string, AnyHandler>>;
}

export function implement<C extends Contract>(contract: C, handlers: Handlers<C>): Router {
  return { defs: contract, handlers: handlers as unknown as Record<string, AnyHandler> };
}

export function mergeRouters(...routers: Router[]): Router {
  const defs: Record<string, MethodDef | ChannelDef> = {};
  const handlers: Record<string, AnyHandler> = {};
  for (const r of routers) {
    for (const key of Object.keys(r.defs)) {
      if (key in defs) throw new Error(`duplicate contract entry ${key}`);
      defs[key] = r.defs[key]!;
      handlers[key] = r.handlers[key]!;
    }
  }
  return { defs, handlers };
}

export interface ServeOptions {
  /** Maps any thrown value to error data (the services know engine errors). */
  toError?: (e: unknown) => ErrorData;
  /** Called for things that went wrong outside any call (bad frames, handler bugs). */
  log?: (message: string, e?: unknown) => void;
  /**
   * Also check channel events against the contract before sending. Off by default:
   * the receiving client parses every event anyway, and a 1,000-row snapshot costs
   * 20–35 ms per parse (measured) — paid once, at the receiver, is enough.
   */
  validateEvents?: boolean;
  /** Lower (or raise) the per-connection caps of limits.ts; tests use small ones. */
  limits?: Partial<ConnectionLimitsConfig>;
}

function defaultToError(e: unknown): ErrorData {
  if (e instanceof BerthError) return e.toData();
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** Engine streams a channel holds for this input; a count that cannot be had counts one. */
function engineStreamsOf(def: ChannelDef, input: unknown): number {
  if (def.engine === undefined) return 0;
  if (def.engine === true) return 1;
  try {
    const n = def.engine(input);
    return Number.isFinite(n) ? Math.max(1, Math.ceil(n)) : 1;
  } catch {
    return 1;
  }
}

function zodMessage(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * Serves a router over one connection. Every incoming frame is parsed with the
 * frame schema, every input with its contract schema, before a handler runs:
 * the WebSocket host and Electron IPC get the same protection.
 */
export function serve(router: Router, transport: ServerTransport, client: ClientInfo, opts: ServeOptions = {}) {
  const toError = opts.toError ?? defaultToError;
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(`[rpc] ${m}`, e ?? ''));
  const limits: ConnectionLimitsConfig = { ...defaultLimits, ...opts.limits };
  const calls = new Map<number, AbortController>();
  const channels = new Map<number, OpenChannel>();
  let closed = false;
  /** Open channels that hold engine streams (declared `engine` in the contract). */
  let engineStreams = 0;
  /** Pushed units received and not yet acked, over every channel: what the client makes us hold. */
  let heldPush = 0;

  interface PendingPush {
    value: unknown;
    bytes: Uint8Array | undefined;
    units: number;
  }

  interface OpenChannel {
    name: string;
    abort: AbortController;
    credit: Credit;
    /** Engine streams it counts for (ChannelDef.engine). */
    engineStreams: number;
    /** Pushes waiting for the listener, in order; dropped when the channel ends. */
    pending: PendingPush[];
    pumping: boolean;
    /** This channel's pushed units not yet acked (pending plus the one being handled). */
    pushHeld: number;
    pushListener?: (value: unknown, bytes: Uint8Array | undefined) => void | Promise<void>;
    closeListeners: Array<() => void>;
    ended: boolean;
    def: ChannelDef;
  }

  const send = (frame: ServerFrame, bytes?: Uint8Array) => {
    if (!closed) transport.send(bytes ? { frame, bytes } : { frame });
  };

  const finishChannel = (id: number, error?: unknown, notify = true) => {
    const ch = channels.get(id);
    if (!ch || ch.ended) return;
    ch.ended = true;
    channels.delete(id);
    engineStreams -= ch.engineStreams;
    const dropped = ch.pending.splice(0).reduce((n, p) => n + p.units, 0);
    ch.pushHeld -= dropped;
    heldPush -= dropped;
    ch.abort.abort();
    ch.credit.release();
    if (notify) send(error === undefined ? { t: 'end', id } : { t: 'end', id, error: toError(error) });
    for (const l of ch.closeListeners) {
      try {
        l();
      } catch (e) {
        log('channel close listener failed', e);
      }
    }
  };

  /**
   * Ends the connection of a client that broke the protocol in a way that would
   * make us hold without bound. Every open channel and call learns why (the
   * only word a transport without close codes gives), then the transport closes
   * with the code; without one, later frames get the same answer.
   */
  const violate = (code: number, message: string) => {
    if (closed) return;
    log(`disconnecting ${client.id}: ${message}`);
    const error = new BerthError('invalid-input', `Disconnected: ${message}`);
    for (const [id, abort] of calls) {
      send({ t: 'result', id, ok: false, error: error.toData() });
      abort.abort();
    }
    for (const id of [...channels.keys()]) finishChannel(id, error);
    shutdown();
    if (transport.close) {
      transport.close(code, message);
      return;
    }
    transport.onMessage((env) => {
      const f = ClientFrame.safeParse(env.frame);
      if (!f.success) return;
      if (f.data.t === 'call') transport.send({ frame: { t: 'result', id: f.data.id, ok: false, error: error.toData() } });
      else if (f.data.t === 'open') transport.send({ frame: { t: 'end', id: f.data.id, error: error.toData() } });
    });
  };

  const onCall = async (id: number, name: string, rawInput: unknown) => {
    const def = router.defs[name];
    const handler = router.handlers[name];
    if (!def || def.kind !== 'method' || !handler) {
      send({ t: 'result', id, ok: false, error: { code: 'invalid-input', message: `unknown method ${name}` } });
      return;
    }
    if (calls.size >= limits.maxCalls) {
      const message = `This connection already has ${limits.maxCalls} calls waiting for results; wait for some to finish.`;
      send({ t: 'result', id, ok: false, error: { code: 'too-large', message } });
      return;
    }
    const parsed = def.input.safeParse(rawInput);
    if (!parsed.success) {
      send({
        t: 'result',
        id,
        ok: false,
        error: { code: 'invalid-input', message: `${name}: ${zodMessage(parsed.error)}`, details: parsed.error.issues },
      });
      return;
    }
    const abort = new AbortController();
    calls.set(id, abort);
    try {
      const value = await (handler as (i: unknown, c: CallContext) => unknown)(parsed.data, {
        signal: abort.signal,
        client,
      });
      const out = def.output.safeParse(value);
      if (!out.success) {
        log(`${name} returned a value outside its contract: ${zodMessage(out.error)}`);
        send({ t: 'result', id, ok: false, error: { code: 'internal', message: `${name} returned an invalid result` } });
      } else {
        send({ t: 'result', id, ok: true, value: out.data });
      }
    } catch (e) {
      const error = abort.signal.aborted && !(e instanceof BerthError)
        ? { code: 'cancelled' as const, message: 'Cancelled' }
        : toError(e);
      send({ t: 'result', id, ok: false, error });
    } finally {
      calls.delete(id);
    }
  };

  const onOpen = (id: number, name: string, rawInput: unknown) => {
    const def = router.defs[name];
    const handler = router.handlers[name];
    if (!def || def.kind !== 'channel' || !handler) {
      send({ t: 'end', id, error: { code: 'invalid-input', message: `unknown channel ${name}` } });
      return;
    }
    if (channels.has(id)) {
      send({ t: 'end', id, error: { code: 'invalid-input', message: `channel id ${id} is already open` } });
      return;
    }
    if (channels.size >= limits.maxChannels) {
      const message = `This connection already has ${limits.maxChannels} channels open; close some first.`;
      send({ t: 'end', id, error: { code: 'too-large', message } });
      return;
    }
    const parsed = def.input.safeParse(rawInput);
    if (!parsed.success) {
      send({ t: 'end', id, error: { code: 'invalid-input', message: `${name}: ${zodMessage(parsed.error)}` } });
      return;
    }
    const streams = engineStreamsOf(def, parsed.data);
    if (streams > 0 && engineStreams + streams > limits.maxEngineStreams) {
      const message = `This connection already holds ${engineStreams} of its ${limits.maxEngineStreams} engine streams (log follows, stats, pulls, uploads, commands); close some first.`;
      send({ t: 'end', id, error: { code: 'too-large', message } });
      return;
    }
    const ch: OpenChannel = {
      name,
      engineStreams: streams,
      abort: new AbortController(),
      credit: new Credit(def.flow?.high, def.flow?.low),
      pending: [],
      pumping: false,
      pushHeld: 0,
      closeListeners: [],
      ended: false,
      def,
    };
    channels.set(id, ch);
    engineStreams += streams;
    const api: ServerChannel<unknown, unknown> = {
      signal: ch.abort.signal,
      client,
      emit(value, bytes) {
        if (ch.ended) return false;
        if (opts.validateEvents) {
          const checked = def.event.safeParse(value);
          if (!checked.success) {
            log(`${name} emitted an event outside its contract: ${zodMessage(checked.error)}`);
            finishChannel(id, new BerthError('internal', `${name} produced an invalid event`));
            return false;
          }
        }
        send({ t: 'event', id, value }, bytes);
        return ch.credit.sent(flowUnits(bytes));
      },
      ready: () => ch.credit.ready(),
      onFlow: (l) => ch.credit.onChange(l),
      onPush(l) {
        ch.pushListener = l;
      },
      onClose(l) {
        if (ch.ended) l();
        else ch.closeListeners.push(l);
      },
      end(error) {
        finishChannel(id, error);
      },
    };
    Promise.resolve()
      .then(() => (handler as (i: unknown, c: ServerChannel<unknown, unknown>) => unknown)(parsed.data, api))
      .catch((e: unknown) => finishChannel(id, e));
  };

  /** Hands pushes to the listener one at a time (order kept), acking each once handled. */
  const pump = async (id: number, ch: OpenChannel) => {
    if (ch.pumping) return;
    ch.pumping = true;
    // A microtask first: the handler, started on open, sets its push listener before the first push is handled.
    await Promise.resolve();
    while (!ch.ended && ch.pending.length > 0) {
      const p = ch.pending.shift()!;
      try {
        if (!ch.pushListener) throw new BerthError('invalid-input', 'this channel takes no data');
        await ch.pushListener(p.value, p.bytes);
        ch.pushHeld -= p.units;
        heldPush -= p.units;
        if (!ch.ended) send({ t: 'ack', id, n: p.units });
      } catch (e) {
        ch.pushHeld -= p.units;
        heldPush -= p.units;
        finishChannel(id, e);
      }
    }
    ch.pumping = false;
  };

  const onPush = (id: number, rawValue: unknown, bytes: Uint8Array | undefined) => {
    const ch = channels.get(id);
    if (!ch) return; // closed meanwhile: the client learns from the end frame
    if (bytes && bytes.byteLength > MAX_PUSH_BYTES) {
      finishChannel(id, new BerthError('too-large', `A push carries at most ${MAX_PUSH_BYTES} bytes; this one had ${bytes.byteLength}.`));
      return;
    }
    // The client sends only while its window is open, and it has seen at most our acks: holding more than
    // the window when a push arrives means it did not wait (flow.ts, MAX_PUSH_BYTES).
    if (ch.pushHeld > FlowControl.HIGH_WATERMARK) {
      violate(CloseCode.PUSH_WINDOW, `pushed into ${ch.name} past its flow window (${ch.pushHeld} units unacknowledged; the window is ${FlowControl.HIGH_WATERMARK})`);
      return;
    }
    const units = flowUnits(bytes);
    if (heldPush + units > limits.maxHeldPushBytes) {
      violate(CloseCode.PUSH_WINDOW, `pushed past the connection's flow window (${heldPush + units} units unacknowledged over all channels; the limit is ${limits.maxHeldPushBytes})`);
      return;
    }
    const parsed = ch.def.push.safeParse(rawValue);
    if (!parsed.success) {
      finishChannel(id, new BerthError('invalid-input', `push: ${zodMessage(parsed.error)}`));
      return;
    }
    ch.pushHeld += units;
    heldPush += units;
    ch.pending.push({ value: parsed.data, bytes, units });
    void pump(id, ch);
  };

  const offMessage = transport.onMessage((env) => {
    const parsed = ClientFrame.safeParse(env.frame);
    if (!parsed.success) {
      log(`rejected a malformed frame: ${zodMessage(parsed.error)}`);
      const { id, t } = (env.frame ?? {}) as { id?: unknown; t?: unknown };
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
        const error = { code: 'invalid-input' as const, message: `malformed frame: ${zodMessage(parsed.error)}` };
        // Answer in the kind the client waits for: a channel it tried to open ends, a call gets its result.
        if (t === 'open') send({ t: 'end', id, error });
        else if (t === 'call') send({ t: 'result', id, ok: false, error });
      }
      return;
    }
    const f = parsed.data;
    switch (f.t) {
      case 'call':
        void onCall(f.id, f.method, f.input);
        break;
      case 'open':
        onOpen(f.id, f.channel, f.input);
        break;
      case 'cancel':
        calls.get(f.id)?.abort();
        finishChannel(f.id, undefined, false);
        break;
      case 'push':
        onPush(f.id, f.value, env.bytes);
        break;
      case 'ack':
        channels.get(f.id)?.credit.acked(f.n);
        break;
    }
  });

  const shutdown = () => {
    if (closed) return;
    closed = true;
    offMessage();
    offClose();
    calls.forEach((c) => c.abort());
    calls.clear();
    [...channels.keys()].forEach((id) => finishChannel(id, undefined, false));
  };
  const offClose = transport.onClose(shutdown);
  return { close: shutdown };
}
