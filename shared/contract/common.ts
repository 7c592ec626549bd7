import { z } from 'zod';

/**
 * A container id (full or short) or name, as the Engine accepts in paths. No
 * slash at all, not even the leading one the engine puts before names: a
 * reference goes into a URL path, where `/` or `//` would name another
 * endpoint (or make the engine redirect to one).
 */
export const ContainerRef = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'not a container id or name');

/** For channels that take nothing from the client. */
export const NoPush = z.never();
export const Empty = z.object({}).strict();

/** Milliseconds since the epoch; null when the engine has no such time (e.g. never started). */
export const Timestamp = z.number().nullable();
