/**
 * What one connection may make the server hold. Every host serves many
 * connections from one process; a client that opens without end, pushes
 * without waiting or never reads must meet a limit, not take the host down.
 * Each figure is far above what the renderer uses, and low enough that one
 * connection at its limits costs tens of MiB, not the host.
 */
export const ConnectionLimits = {
  /**
   * Open channels of any kind. The renderer keeps a few watches plus one per
   * open tab or panel (tens); a watch channel costs ~8 KiB on the server
   * (25,000 of them added 190 MiB), so 512 costs ~4 MiB.
   */
  MAX_CHANNELS: 512,
  /**
   * Open channels that hold engine streams (declared with `engine: true` in
   * the contract: log follows, stats, pulls, uploads, commands). Each holds an
   * engine connection (300 log streams opened 300 of them); the renderer
   * needs one per visible log or transfer.
   */
  MAX_ENGINE_STREAMS: 32,
  /** Calls awaiting their result. The renderer has a handful in flight; each holds a handler's state. */
  MAX_CALLS: 256,
  /**
   * Pushed bytes the server holds unacknowledged, over all of a connection's
   * channels. A well-behaved channel holds at most its window plus one push
   * (~1.1 MiB: flow.ts); uploads are engine streams, so at their cap they hold
   * ~35 MiB. Past this the client is disconnected (CloseCode.PUSH_WINDOW).
   */
  MAX_HELD_PUSH_BYTES: 48 * 1024 * 1024,
} as const;

export type ConnectionLimitsConfig = {
  maxChannels: number;
  maxEngineStreams: number;
  maxCalls: number;
  maxHeldPushBytes: number;
};

export const defaultLimits: ConnectionLimitsConfig = {
  maxChannels: ConnectionLimits.MAX_CHANNELS,
  maxEngineStreams: ConnectionLimits.MAX_ENGINE_STREAMS,
  maxCalls: ConnectionLimits.MAX_CALLS,
  maxHeldPushBytes: ConnectionLimits.MAX_HELD_PUSH_BYTES,
};

/**
 * Why the server ended a connection, as a WebSocket close code (4000–4999 are
 * the application's own); transports without codes carry it in the reason.
 */
export const CloseCode = {
  /** The client pushed while past its flow window: it ignored the server's acks. */
  PUSH_WINDOW: 4008,
  /** The client stopped reading while the server had this much queued for it. */
  NOT_READING: 4009,
} as const;
