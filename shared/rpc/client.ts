import { BerthError } from '../contract/errors';
import type { ChannelName, Contract, EventOf, Input, MethodName, Output, PushOf } from './define';
import { AckBatcher, Credit, MAX_PUSH_BYTES, flowUnits } from './flow';
import { ServerFrame, type ClientFrame, type ClientTransport } from './frames';

export interface ChannelHandlers<E> {
  /**
   * An event from the server. With `manualAck`, call `done()` once the event is
   * fully processed (e.g. inside xterm's write callback) so the producer is only
   * released by real progress; otherwise it is acked when this returns.
   */
  onEvent(value: E, bytes: Uint8Array | undefined, done: () => void): void;
  /** The channel ended: by the server (with an error when it failed), or the connection dropped. */
  onEnd?(error?: BerthError): void;
  manualAck?: boolean;
  /** Reopen with the same input when the connection comes back, instead of ending. */
  resilient?: boolean;
  /** Called after a resilient channel was reopened on a new connection. */
  onReopen?(): void;
}

export interface ClientChannel<P> {
  /**
   * Pushes data; resolves once sent, which waits while the server is a window
   * behind (credit-based backpressure; the server disconnects a client that
   * does not wait). Pushes go in call order. Bytes longer than MAX_PUSH_BYTES
   * go as several pushes of the same value, so a push with bytes must mean
   * "these bytes, appended" (terminal input, upload chunks).
   */
  push(value: P, bytes?: Uint8Array): Promise<void>;
  close(): void;
  readonly closed: boolean;
}

interface PendingCall {
  resolve(v: unknown): void;
  reject(e: BerthError): void;
  method: string;
}

interface ChannelState {
  name: string;
  input: unknown;
  handlers: ChannelHandlers<unknown>;
  acks: AckBatcher;
  credit: Credit;
  closed: boolean;
  id: number;
  /** The last push sent or waiting: the next one goes after it. */
  pushTail: Promise<void>;
}

export interface RpcClient<C extends Contract> {
  call<K extends MethodName<C>>(
    method: K,
    input: Input<C, K>,
    opts?: { signal?: AbortSignal },
  ): Promise<Output<C, K>>;
  open<K extends ChannelName<C>>(
    channel: K,
    input: Input<C, K>,
    handlers: ChannelHandlers<EventOf<C, K>>,
  ): ClientChannel<PushOf<C, K>>;
  /** Moves every resilient channel onto a new transport (after a reconnect). */
  attach(transport: ClientTransport): void;
  readonly connected: boolean;
}

/**
 * The renderer's side of the protocol. Results and events are parsed with the
 * contract's schemas too: the renderer trusts nothing it did not check.
 */
export function createClient<C extends Contract>(contract: C, initial?: ClientTransport): RpcClient<C> {
  let transport: ClientTransport | undefined;
  let detach: Array<() => void> = [];
  let nextId = 1;
  const calls = new Map<number, PendingCall>();
  const channels = new Map<number, ChannelState>();

  const send = (frame: ClientFrame, bytes?: Uint8Array) => {
    if (!transport) throw new BerthError('disconnected', 'Not connected to Berth');
    transport.send(bytes ? { frame, bytes } : { frame });
  };

  const endChannel = (ch: ChannelState, error?: BerthError) => {
    if (ch.closed) return;
    ch.closed = true;
    channels.delete(ch.id);
    ch.credit.release();
    ch.handlers.onEnd?.(error);
  };

  const onFrame = (raw: unknown, bytes: Uint8Array | undefined) => {
    const parsed = ServerFrame.safeParse(raw);
    if (!parsed.success) {
      console.error('[rpc] dropped a malformed frame from the host');
      return;
    }
    const f = parsed.data;
    if (f.t === 'result') {
      const call = calls.get(f.id);
      if (!call) return;
      calls.delete(f.id);
      if (!f.ok) return call.reject(BerthError.fromData(f.error));
      const def = contract[call.method];
      const out = def?.kind === 'method' ? def.output.safeParse(f.value) : undefined;
      if (!out?.success) return call.reject(new BerthError('internal', `${call.method}: the host sent an invalid result`));
      return call.resolve(out.data);
    }
    const ch = channels.get(f.id);
    if (!ch) return;
    if (f.t === 'end') return endChannel(ch, f.error ? BerthError.fromData(f.error) : undefined);
    if (f.t === 'ack') return ch.credit.acked(f.n);
    // event
    const def = contract[ch.name];
    const value = def?.kind === 'channel' ? def.event.safeParse(f.value) : undefined;
    if (!value?.success) {
      console.error(`[rpc] ${ch.name}: dropped an invalid event`);
      ch.acks.consumed(flowUnits(bytes));
      return;
    }
    const units = flowUnits(bytes);
    let acked = false;
    const done = () => {
      if (acked) return;
      acked = true;
      if (!ch.closed) ch.acks.consumed(units);
    };
    try {
      ch.handlers.onEvent(value.data, bytes, done);
    } finally {
      if (!ch.handlers.manualAck) done();
    }
  };

  const onTransportClose = () => {
    detach.forEach((d) => d());
    detach = [];
    transport = undefined;
    const lost = new BerthError('disconnected', 'The connection to Berth was lost');
    calls.forEach((c) => c.reject(lost));
    calls.clear();
    for (const ch of [...channels.values()]) {
      if (!ch.handlers.resilient) endChannel(ch, lost);
    }
  };

  const openFrame = (ch: ChannelState) => send({ t: 'open', id: ch.id, channel: ch.name, input: ch.input });

  const client: RpcClient<C> = {
    get connected() {
      return transport !== undefined;
    },
    attach(t) {
      detach.forEach((d) => d());
      transport = t;
      detach = [
        t.onMessage((env) => onFrame(env.frame, env.bytes)),
        t.onClose(onTransportClose),
      ];
      // Reopen resilient channels under fresh ids so late frames of the old ones are ignored.
      for (const ch of [...channels.values()]) {
        channels.delete(ch.id);
        ch.id = nextId++;
        // A push waiting on the old connection's window goes on the new one.
        const old = ch.credit;
        ch.credit = new Credit();
        old.release();
        const id = ch.id;
        ch.acks = new AckBatcher((n) => {
          if (!ch.closed && ch.id === id && transport) send({ t: 'ack', id, n });
        });
        channels.set(ch.id, ch);
        openFrame(ch);
        ch.handlers.onReopen?.();
      }
    },
    call(method, input, opts) {
      return new Promise((resolve, reject) => {
        if (opts?.signal?.aborted) return reject(new BerthError('cancelled', 'Cancelled'));
        if (!transport) return reject(new BerthError('disconnected', 'Not connected to Berth'));
        const id = nextId++;
        calls.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
        opts?.signal?.addEventListener(
          'abort',
          () => {
            if (!calls.has(id)) return;
            calls.delete(id);
            if (transport) send({ t: 'cancel', id });
            reject(new BerthError('cancelled', 'Cancelled'));
          },
          { once: true },
        );
        send({ t: 'call', id, method, input });
      });
    },
    open(name, input, handlers) {
      const ch: ChannelState = {
        name,
        input,
        handlers: handlers as ChannelHandlers<unknown>,
        id: nextId++,
        credit: new Credit(),
        closed: false,
        acks: undefined as unknown as AckBatcher,
        pushTail: Promise.resolve(),
      };
      const id = ch.id;
      ch.acks = new AckBatcher((n) => {
        if (!ch.closed && ch.id === id && transport) send({ t: 'ack', id, n });
      });
      channels.set(ch.id, ch);
      if (transport) openFrame(ch);
      else if (!handlers.resilient) queueMicrotask(() => endChannel(ch, new BerthError('disconnected', 'Not connected to Berth')));
      return {
        get closed() {
          return ch.closed;
        },
        push(value, bytes) {
          if (ch.closed) return Promise.reject(new BerthError('cancelled', 'The channel is closed'));
          const pieces: Array<Uint8Array | undefined> = [];
          if (!bytes || bytes.byteLength <= MAX_PUSH_BYTES) pieces.push(bytes);
          else for (let at = 0; at < bytes.byteLength; at += MAX_PUSH_BYTES) pieces.push(bytes.subarray(at, at + MAX_PUSH_BYTES));
          // One at a time, each after the window has room: pushes that waited together must not all
          // go at once when the window opens (that would overrun it).
          const sent = ch.pushTail.then(async () => {
            for (const piece of pieces) {
              while (ch.credit.isPaused && !ch.closed) await ch.credit.ready();
              if (ch.closed) throw new BerthError('cancelled', 'The channel is closed');
              send({ t: 'push', id: ch.id, value }, piece);
              ch.credit.sent(flowUnits(piece));
            }
          });
          ch.pushTail = sent.catch(() => {});
          return sent;
        },
        close() {
          if (ch.closed) return;
          if (transport) send({ t: 'cancel', id: ch.id });
          endChannel(ch);
        },
      };
    },
  };
  if (initial) client.attach(initial);
  return client;
}
