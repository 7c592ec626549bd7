import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import { formatDuration, planCall, type CallPlan, type CallTimeouts } from './call-kinds';

type Modem = Docker['modem'];
type DialOptions = Parameters<Modem['dial']>[0];
type DialCallback = NonNullable<Parameters<Modem['dial']>[1]>;

export interface GuardOptions {
  /**
   * The connection's life: aborted, with an engine-unreachable BerthError as
   * its reason, when the engine is declared unreachable. Every request in
   * flight on the connection then fails at once with that reason.
   */
  life: AbortSignal;
  timeouts: CallTimeouts;
  /** Told when a call ran out of time: a hint the engine may hang, worth a ping now. */
  onTimeout?: (plan: CallPlan) => void;
}

interface Destroyable {
  destroy(err?: Error): unknown;
  once(event: 'close' | 'error', fn: () => void): unknown;
  listenerCount?(event: 'error'): number;
}

function isDestroyable(v: unknown): v is Destroyable {
  return typeof (v as Destroyable | null)?.destroy === 'function' && typeof (v as Destroyable | null)?.once === 'function';
}

export function timeoutError(plan: CallPlan, ms: number): BerthError {
  if (plan.kind === 'image-remove') {
    return new BerthError(
      'timeout',
      `The engine did not finish removing the image within ${formatDuration(ms)} and may be stuck. It may still finish: look at the image list before trying again.`,
      { details: { request: plan.what, timeoutMs: ms } },
    );
  }
  const waited = plan.kind === 'stream' ? 'did not start answering' : 'did not answer';
  return new BerthError('timeout', `The container engine ${waited} within ${formatDuration(ms)} (${plan.what}).`, {
    details: { request: plan.what, timeoutMs: ms },
  });
}

/**
 * Wraps one dockerode client's modem so that every request it sends — through
 * dockerode's methods or dialled directly — carries a deadline fitting its
 * kind, the caller's own AbortSignal, and the connection's life. Services use
 * the client as before and get these for free. Errors always arrive through
 * the request's own callback (so its promise), never thrown.
 */
export function guardModem(modem: Modem, opts: GuardOptions): void {
  const dial = modem.dial.bind(modem);
  modem.dial = (options: DialOptions, callback?: DialCallback): void => {
    const cb: DialCallback = callback ?? (() => undefined);
    const plan = planCall(
      {
        method: options.method ?? 'GET',
        path: options.path,
        query: options.options as Record<string, unknown> | undefined,
        isStream: options.isStream,
        hijack: options.hijack,
      },
      opts.timeouts,
    );
    const ctl = new AbortController();
    const caller = options.abortSignal;
    let settled = false;
    let stream: Destroyable | undefined;
    let timer: NodeJS.Timeout | undefined;

    const cleanup = () => {
      clearTimeout(timer);
      opts.life.removeEventListener('abort', onLife);
      caller?.removeEventListener('abort', onCaller);
    };
    const done = (err: Error | null, data: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const reason: unknown = ctl.signal.aborted ? ctl.signal.reason : undefined;
      if (err || reason instanceof BerthError) {
        cleanup();
        if (isDestroyable(data)) data.destroy();
        cb(reason instanceof BerthError ? reason : err, null);
        return;
      }
      if ((options.isStream || options.hijack) && isDestroyable(data)) {
        // A stream lives on after its response: only the deadline ends here.
        stream = data;
        data.once('close', cleanup);
      } else {
        cleanup();
      }
      cb(null, data as Parameters<DialCallback>[1]);
    };
    const abortWith = (reason: unknown) => {
      if (ctl.signal.aborted) return;
      // Destroying a live stream with the reason makes its consumer read the reason, not "aborted".
      if (stream && reason instanceof BerthError) {
        // A consumer that never listened for errors still must not see the host end over one.
                        if (stream.listenerCount?.('error') === 0) stream.once('error', () => undefined);
        stream.destroy(reason);
      }
      ctl.abort(reason);
      // However the socket library reacts to the abort, the caller hears now.
      setImmediate(() => done(reason instanceof Error ? reason : new Error(String(reason)), null));
    };
    function onLife() {
      abortWith(opts.life.reason);
    }
    function onCaller() {
      abortWith(caller?.reason);
    }

    if (opts.life.aborted) {
      settled = true;
      process.nextTick(() => cb(opts.life.reason instanceof Error ? opts.life.reason : new BerthError('engine-unreachable', 'The container engine is not connected.'), null));
      return;
    }
    opts.life.addEventListener('abort', onLife, { once: true });
    if (caller) {
      if (caller.aborted) ctl.abort(caller.reason);
      else caller.addEventListener('abort', onCaller, { once: true });
    }

    const ms = plan.deadlineMs;
    if (ms !== undefined) {
      const arm = () => {
        if (settled) return;
        timer = setTimeout(() => {
          if (settled) return;
          abortWith(timeoutError(plan, ms));
          opts.onTimeout?.(plan);
        }, ms);
        timer.unref?.();
      };
      // A streamed body (an upload) may take as long as it takes; the engine's answer then may not.
      // Any stream, not only Node's: tar-stream's packs are streamx streams.
      const body = options.file as { once?: unknown; pipe?: unknown; readableEnded?: boolean } | undefined;
      if (body && typeof body === 'object' && typeof body.once === 'function' && typeof body.pipe === 'function') {
        if (body.readableEnded === true) arm();
        else (body as Pick<Readable, 'once'>).once('end', arm);
      } else if (typeof options.file === 'string') {
        // A file path: docker-modem reads it itself, so its end is not ours to see; the connection's life still holds.
      } else arm();
    }

    try {
      dial({ ...options, abortSignal: ctl.signal }, (err, data) => done(err, data));
    } catch (e) {
      done(e instanceof Error ? e : new Error(String(e)), null);
    }
  };
}
