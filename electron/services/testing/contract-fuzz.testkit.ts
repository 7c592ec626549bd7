import fc from 'fast-check';
import { contract } from '../../../shared/contract';
import { ErrorCode, type ErrorData } from '../../../shared/contract/errors';
import { arbitraryFor, hostileValue } from '../../../shared/rpc/arbitrary.testkit';
import type { ClientFrame, ClientTransport, ServerFrame } from '../../../shared/rpc/frames';

/**
 * The contract fuzz test's driver: calls every method and opens every channel
 * of the contract with inputs drawn from the contract's own schemas (shaped
 * like valid inputs, and hostile ones), over a raw transport — no typed client
 * in between, as a hostile client would speak — and after each case checks
 * that the host still answers a normal call.
 */

export interface FuzzOptions {
  /** Shaped-by-schema inputs per method or channel. */
  validRuns: number;
  /** Inputs of the wrong shape per method or channel. */
  hostileRuns: number;
  seed: number;
  /** Strings the engine really has (container ids and names), mixed into string inputs. */
  known: readonly string[];
  /** Contract entries not to fuzz, each with the reason. */
  skip?: Readonly<Record<string, string>>;
  /** How long a call may take before it counts as hung. */
  callTimeoutMs?: number;
  /** How long a channel is held open before it is cancelled. */
  channelMs?: number;
  /** What the transport makes of a value on its way (JSON for WebSocket, structured clone for IPC). */
  roundTrip?: (v: unknown) => unknown;
  /** Errors that escaped every call since the last look (an in-process host's uncaught exceptions). */
  escaped?: () => unknown[];
}

export interface FuzzFailure {
  entry: string;
  input: unknown;
  problem: string;
}

export interface FuzzReport {
  cases: number;
  /** Cases whose input the schema accepted, so a handler ran. */
  reachedHandler: number;
  byCode: Record<string, number>;
  failures: FuzzFailure[];
}

type Pending = (f: ServerFrame) => void;

/** A bare protocol speaker over any client transport. */
export class RawClient {
  private nextId = 1;
  private readonly waiting = new Map<number, Pending>();
  private closedWith: string | undefined;

  constructor(private readonly transport: ClientTransport) {
    transport.onMessage((env) => {
      const f = env.frame as ServerFrame;
      this.waiting.get(f.id)?.(f);
    });
    transport.onClose((reason) => (this.closedWith = reason));
  }

  get closed(): string | undefined {
    return this.closedWith;
  }

  send(frame: ClientFrame, bytes?: Uint8Array): void {
    this.transport.send(bytes ? { frame, bytes } : { frame });
  }

  /** A call; resolves with its result frame, or undefined when none came in time (the call is then cancelled). */
  call(method: string, input: unknown, timeoutMs: number): Promise<ServerFrame | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.send({ t: 'cancel', id });
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(id, (f) => {
        if (f.t !== 'result') return;
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(f);
      });
      this.send({ t: 'call', id, method, input });
    });
  }

  /** Opens a channel, pushes into it, holds it for `ms`, acks what came, then cancels it. */
  async channel(
    name: string,
    input: unknown,
    pushes: Array<{ value: unknown; bytes?: Uint8Array }>,
    ms: number,
  ): Promise<{ events: number; end?: ErrorData | null }> {
    const id = this.nextId++;
    let events = 0;
    let end: ErrorData | null | undefined;
    this.waiting.set(id, (f) => {
      if (f.t === 'event') {
        events++;
        this.send({ t: 'ack', id, n: 1 });
      } else if (f.t === 'end') end = f.error ?? null;
    });
    this.send({ t: 'open', id, channel: name, input });
    await sleep(20);
    for (const p of pushes) {
      if (end !== undefined) break;
      this.send({ t: 'push', id, value: p.value }, p.bytes);
      await sleep(10);
    }
    const until = Date.now() + ms;
    while (end === undefined && Date.now() < until) await sleep(20);
    if (end === undefined) this.send({ t: 'cancel', id });
    this.waiting.delete(id);
    return { events, end };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Errors a handler may answer a fuzzed input with: every code but `internal`,
 * which means code ran into something it did not expect (a TypeError, a
 * result outside the contract), the defect the fuzz test looks for, and
 * `disconnected`, which a host never sends while it serves.
 */
const EXPECTED_CODES: ReadonlySet<string> = new Set(ErrorCode.options.filter((c) => c !== 'internal' && c !== 'disconnected'));

export async function fuzzContract(client: RawClient, opts: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = { cases: 0, reachedHandler: 0, byCode: {}, failures: [] };
  const callTimeoutMs = opts.callTimeoutMs ?? 30_000;
  const channelMs = opts.channelMs ?? 250;
  const roundTrip = opts.roundTrip ?? ((v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v))));
  const count = (code: string) => (report.byCode[code] = (report.byCode[code] ?? 0) + 1);

  const hostAnswers = async (entry: string, input: unknown) => {
    const escaped = opts.escaped?.() ?? [];
    if (escaped.length > 0) {
      const e = escaped[0];
      report.failures.push({ entry, input, problem: `an error escaped its call: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
      return false;
    }
    if (client.closed !== undefined) {
      report.failures.push({ entry, input, problem: `the connection closed: ${client.closed}` });
      return false;
    }
    const r = await client.call('engine.status', {}, 10_000);
    if (!r || r.t !== 'result' || !r.ok) {
      report.failures.push({ entry, input, problem: `the host did not answer engine.status afterwards (${r ? JSON.stringify(r) : 'no answer in 10 s'})` });
      return false;
    }
    return true;
  };

  let seed = opts.seed;
  for (const [name, def] of Object.entries(contract)) {
    if (opts.skip?.[name]) continue;
    const shaped = fc.sample(arbitraryFor(def.input, { known: opts.known }), { numRuns: opts.validRuns, seed: seed++ });
    const hostile = fc.sample(hostileValue, { numRuns: opts.hostileRuns, seed: seed++ });
    const pushArb = def.kind === 'channel' && defType(def.push) !== 'never'
      ? fc.record({ value: arbitraryFor(def.push, { known: opts.known }), bytes: fc.option(fc.uint8Array({ maxLength: 65_536 }), { nil: undefined }) }, { requiredKeys: ['value'] })
      : undefined;
    for (const input of [...shaped, ...hostile]) {
      report.cases++;
      const accepted = def.input.safeParse(roundTrip(input)).success;
      if (accepted) report.reachedHandler++;
      if (def.kind === 'method') {
        const r = await client.call(name, input, callTimeoutMs);
        if (!r) {
          report.failures.push({ entry: name, input, problem: `no answer within ${callTimeoutMs} ms` });
          // A hung call usually means something broke underneath: report what has been found so far.
          await hostAnswers(name, input);
          return report;
        } else if (r.t === 'result' && !r.ok) {
          count(r.error.code);
          if (!EXPECTED_CODES.has(r.error.code)) report.failures.push({ entry: name, input, problem: `answered ${r.error.code}: ${r.error.message}` });
          if (!accepted && r.error.code !== 'invalid-input') report.failures.push({ entry: name, input, problem: `an input its schema refuses got ${r.error.code}` });
        } else {
          count('ok');
          if (!accepted) report.failures.push({ entry: name, input, problem: 'an input its schema refuses was served' });
        }
      } else {
        const pushes = pushArb ? fc.sample(pushArb, { numRuns: 3, seed: seed++ }) : [];
        const r = await client.channel(name, input, pushes as Array<{ value: unknown; bytes?: Uint8Array }>, channelMs);
        const code = r.end === undefined ? 'open' : r.end === null ? 'ended' : r.end.code;
        count(code);
        if (r.end && !EXPECTED_CODES.has(r.end.code)) report.failures.push({ entry: name, input, problem: `ended with ${r.end.code}: ${r.end.message}` });
        if (!accepted && r.end?.code !== 'invalid-input') report.failures.push({ entry: name, input, problem: `an input its schema refuses was not refused (${code})` });
      }
      if (!(await hostAnswers(name, input))) return report;
    }
  }

  // Frames no client should send: unknown names, wrong types, garbage around valid ones.
  const garbage: unknown[] = [
    { t: 'call', id: 1e15, method: 'no.such', input: {} },
    { t: 'open', id: 7, channel: 'no.such', input: {} },
    { t: 'call', id: -1, method: 'engine.status', input: {} },
    { t: 'ack', id: 999_999, n: 1e12 },
    { t: 'push', id: 999_998, value: { a: 1 } },
    { t: 'cancel', id: 999_997 },
    { t: 'nope' },
    null,
    'string',
    [1, 2, 3],
  ];
  for (const frame of garbage) {
    report.cases++;
    client.send(frame as ClientFrame);
    if (!(await hostAnswers('(garbage frame)', frame))) return report;
  }
  return report;
}

function defType(schema: unknown): string {
  return (schema as { _zod: { def: { type: string } } })._zod.def.type;
}
