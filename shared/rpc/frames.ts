import { z } from 'zod';
import { ErrorData } from '../contract/errors';

/**
 * The one protocol under every transport (in-memory, Electron IPC, WebSocket).
 *
 * A *call* is request → one result. A *channel* is a long-lived, two-way stream
 * opened by the client: the server emits events (optionally carrying bytes), the
 * client may push data into it, and both sides ack what they have consumed so
 * that producers really stop when consumers fall behind (see flow.ts).
 *
 * Bytes travel beside the JSON header, never inside it: base64 would cost a
 * third more and UTF-8 decoding per chunk breaks multi-byte characters.
 */
const Id = z.number().int().nonnegative();
const Name = z.string().min(1).max(100).regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/);

export const ClientFrame = z.discriminatedUnion('t', [
  // A missing input is the contract's to refuse (with the entry's own message), not a malformed frame.
  z.object({ t: z.literal('call'), id: Id, method: Name, input: z.unknown().optional() }),
  z.object({ t: z.literal('open'), id: Id, channel: Name, input: z.unknown().optional() }),
  /** Cancels a call or closes a channel. */
  z.object({ t: z.literal('cancel'), id: Id }),
  /** Data into an open channel (terminal keystrokes, upload chunks). */
  z.object({ t: z.literal('push'), id: Id, value: z.unknown().optional() }),
  /** The client has consumed `n` units of the channel's events. */
  z.object({ t: z.literal('ack'), id: Id, n: z.number().int().positive() }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

// A plain union: two variants share t='result' (ok and failed), which a discriminated union refuses.
export const ServerFrame = z.union([
  z.object({ t: z.literal('result'), id: Id, ok: z.literal(true), value: z.unknown() }),
  z.object({ t: z.literal('result'), id: Id, ok: z.literal(false), error: ErrorData }),
  z.object({ t: z.literal('event'), id: Id, value: z.unknown().optional() }),
  /** The server closed the channel; with an error when it failed. */
  z.object({ t: z.literal('end'), id: Id, error: ErrorData.optional() }),
  /** The server has consumed `n` units of what the client pushed. */
  z.object({ t: z.literal('ack'), id: Id, n: z.number().int().positive() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** A frame as it crosses a transport: the JSON header plus optional raw bytes. */
export interface Envelope<F> {
  frame: F;
  bytes?: Uint8Array;
}

/** The minimal message-passing transport every host implements. */
export interface Transport<Out, In> {
  send(env: Envelope<Out>): void;
  onMessage(listener: (env: Envelope<In>) => void): () => void;
  onClose(listener: (reason: string) => void): () => void;
  /**
   * Ends the connection from this side, saying why (`code`: limits.ts CloseCode).
   * The RPC server uses it to disconnect a client that broke the protocol.
   */
  close?(code: number, reason: string): void;
}
export type ClientTransport = Transport<ClientFrame, ServerFrame>;
export type ServerTransport = Transport<ServerFrame, ClientFrame>;
