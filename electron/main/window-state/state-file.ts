import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SavedWindow } from './place';
import { realTimers, type Timers } from '../../../shared/timers';

export const WINDOW_STATE_FILE = 'window-state.json';

/** Far beyond any desktop, near enough to keep arithmetic on them exact. */
const COORD = z.number().int().min(-100_000).max(100_000);
const SIZE = z.number().int().min(1).max(100_000);

/**
 * The file as read: the rectangle must be whole (a file missing a coordinate
 * says nothing usable about where the window was), the flags default to off
 * (a file from before one of them existed is still good), and unknown keys are
 * ignored so a newer version's file does not reset an older one.
 */
const WindowStateSchema = z.object({
  bounds: z.object({ x: COORD, y: COORD, width: SIZE, height: SIZE }),
  maximized: z.boolean().default(false),
  fullscreen: z.boolean().default(false),
});

/** The saved state, or undefined when there is none or it cannot be trusted (the caller opens at the defaults). */
export async function readWindowState(file: string, log?: (message: string) => void): Promise<SavedWindow | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log?.(`window state: could not read ${file} (${(e as Error).message})`);
    return undefined;
  }
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    log?.(`window state: ignored ${file} (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  } catch {
    log?.(`window state: ignored ${file} (not JSON)`);
  }
  return undefined;
}

let seq = 0;

/**
 * Writes to a temporary file beside the real one and renames it over it: a
 * crash or a full disk mid-write leaves the old file whole, never half a new
 * one. Synchronous on purpose: the file is a hundred bytes written at most
 * once per pause in a drag, and a write that has finished before `close`
 * returns cannot be cut off by the app quitting, nor land after a later one.
 */
export function writeWindowState(file: string, state: SavedWindow): void {
  const tmp = `${file}.${process.pid}.${++seq}.tmp`;
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(tmp, `${JSON.stringify(state)}\n`, 'utf8');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}


/**
 * Dragging or resizing a window reports dozens of moves a second: keep only
 * the latest and write it once the window has been still this long.
 */
export const SAVE_DELAY_MS = 500;

export interface WindowStateSaver {
  /** Remembers the state; written after SAVE_DELAY_MS without another. */
  save(state: SavedWindow): void;
  /** Writes what is pending now (the window is closing). */
  flush(): void;
}

export function createWindowStateSaver(
  file: string,
  opts: { delayMs?: number; timers?: Timers; log?: (message: string) => void; write?: typeof writeWindowState } = {},
): WindowStateSaver {
  const timers = opts.timers ?? realTimers;
  const write = opts.write ?? writeWindowState;
  let pending: SavedWindow | undefined;
  let timer: unknown;
  const flush = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    const state = pending;
    pending = undefined;
    if (!state) return;
    try {
      write(file, state);
    } catch (e) {
      opts.log?.(`window state: could not save (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  return {
    save(state) {
      pending = state;
      if (timer !== undefined) timers.clear(timer);
      timer = timers.set(flush, opts.delayMs ?? SAVE_DELAY_MS);
    },
    flush,
  };
}
