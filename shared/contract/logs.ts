import { z } from 'zod';
import { channel, method } from '../rpc/define';
import { ContainerRef, NoPush } from './common';

/** Which of a container's output streams a line came from; TTY containers have one merged stream. */
export const LogStream = z.enum(['stdout', 'stderr', 'tty']);
export type LogStream = z.infer<typeof LogStream>;

/** At most this many containers in one interleaved view: each is one engine stream. */
export const MAX_LOG_SOURCES = 20;

export const LogsInput = z
  .object({
    ids: z.array(ContainerRef).min(1).max(MAX_LOG_SOURCES),
    /** Last N lines of each container before following; 'all' for the whole log. */
    tail: z.union([z.number().int().min(0).max(10_000_000), z.literal('all')]).default(1000),
    /** Only lines at or after this time (ms since epoch). */
    since: z.number().int().min(0).optional(),
    /** Keep the stream open and send new lines as they are written. */
    follow: z.boolean().default(true),
  })
  .strict();
export type LogsInput = z.input<typeof LogsInput>;

export const LogSource = z.object({
  id: z.string(),
  name: z.string(),
  tty: z.boolean(),
});
export type LogSource = z.infer<typeof LogSource>;

/**
 * Events of `logs.stream`. Lines travel as raw bytes beside a `lines` event:
 * each line is `TIMESTAMP SP TEXT LF` (the engine's RFC 3339 nano timestamp),
 * always whole lines, so the renderer may decode a batch at once without
 * splitting a UTF-8 character.
 */
export const LogsEvent = z.discriminatedUnion('type', [
  /** First event: the containers, in the order `source` indexes refer to. */
  z.object({ type: z.literal('sources'), sources: z.array(LogSource) }),
  z.object({
    type: z.literal('lines'),
    /** Index into `sources`. */
    source: z.number().int().min(0),
    stream: LogStream,
    /** Number of lines in the bytes. */
    count: z.number().int().min(1),
  }),
  /** Every container's backlog (tail/since) has been sent; what follows is live. */
  z.object({ type: z.literal('caught-up') }),
  /** One container's log ended (it stopped, or was removed); the others go on. */
  z.object({ type: z.literal('source-ended'), source: z.number().int().min(0), reason: z.string().optional() }),
  /** The engine was lost while following: following resumes by itself when it is back, from the last line sent. */
  z.object({ type: z.literal('source-interrupted'), source: z.number().int().min(0), reason: z.string() }),
  /** Following again after an interruption, with no line repeated or missed at the seam. */
  z.object({ type: z.literal('source-resumed'), source: z.number().int().min(0) }),
]);
export type LogsEvent = z.infer<typeof LogsEvent>;

export const LogsDownloadInput = z
  .object({
    id: ContainerRef,
    timestamps: z.boolean().default(false),
  })
  .strict();

export const DownloadLink = z.object({
  /** Path on the host that streams the file (GET, cookie-authenticated); single use, expires soon. */
  url: z.string(),
  filename: z.string(),
});
export type DownloadLink = z.infer<typeof DownloadLink>;

export const logsContract = {
  /** Backlog then (with follow) live lines of one or more containers, interleaved as they arrive. */
  'logs.stream': channel({ input: LogsInput, event: LogsEvent, push: NoPush, engine: ({ ids }) => ids.length }),
  /** A streamed download of a container's whole log as plain text. */
  'logs.download': method(LogsDownloadInput, DownloadLink),
};
