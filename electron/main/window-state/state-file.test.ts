import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SavedWindow } from './place';
import { createWindowStateSaver, readWindowState, SAVE_DELAY_MS, writeWindowState } from './state-file';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-window-state-'));
  file = join(dir, 'window-state.json');
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

const STATE: SavedWindow = { bounds: { x: -1800, y: 40, width: 1200, height: 800 }, maximized: true, fullscreen: false };

describe('readWindowState', () => {
  it('reads back what was written', async () => {
    writeWindowState(file, STATE);
    expect(await readWindowState(file)).toEqual(STATE);
  });

  it('answers undefined, quietly, when there is no file yet', async () => {
    const log = vi.fn();
    expect(await readWindowState(file, log)).toBeUndefined();
    expect(log).not.toHaveBeenCalled();
  });

  it('ignores a corrupt file and says so', async () => {
    for (const text of ['', '{"bounds": {"x": 1', 'null', '[]', '"hello"', '{"bounds":{"x":"10","y":0,"width":800,"height":600}}']) {
      await writeFile(file, text);
      const log = vi.fn();
      expect(await readWindowState(file, log), text).toBeUndefined();
      expect(log, text).toHaveBeenCalledOnce();
    }
  });

  it('ignores absurd rectangles', async () => {
    for (const bounds of [
      { x: 0, y: 0, width: 0, height: 600 },
      { x: 0, y: 0, width: -800, height: 600 },
      { x: 1e12, y: 0, width: 800, height: 600 },
      { x: 0.5, y: 0, width: 800, height: 600 },
    ]) {
      await writeFile(file, JSON.stringify({ bounds }));
      expect(await readWindowState(file), JSON.stringify(bounds)).toBeUndefined();
    }
  });

  it('takes a partial file whose rectangle is whole, with the flags off', async () => {
    await writeFile(file, JSON.stringify({ bounds: { x: 1, y: 2, width: 900, height: 700 }, later: 'a newer version’s key' }));
    expect(await readWindowState(file)).toEqual({ bounds: { x: 1, y: 2, width: 900, height: 700 }, maximized: false, fullscreen: false });
  });

  it('ignores a partial file whose rectangle is not whole', async () => {
    await writeFile(file, JSON.stringify({ bounds: { x: 1, y: 2, width: 900 }, maximized: true }));
    expect(await readWindowState(file)).toBeUndefined();
  });
});

describe('writeWindowState', () => {
  it('replaces the file by rename (never rewrites it in place) and leaves no temporary file', async () => {
    writeWindowState(file, STATE);
    const before = await stat(file);
    writeWindowState(file, { ...STATE, maximized: false });
    const after = await stat(file);
    expect(after.ino).not.toBe(before.ino);
    expect(await readdir(dir)).toEqual(['window-state.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ maximized: false });
  });

  it('creates the data folder when it does not exist yet', async () => {
    const nested = join(dir, 'a', 'b', 'window-state.json');
    writeWindowState(nested, STATE);
    expect(await readWindowState(nested)).toEqual(STATE);
  });

  it('cleans up its temporary file when the rename fails, and reports the failure', async () => {
    // A non-empty folder where the file should be: rename cannot replace it.
    await mkdir(join(file, 'inside'), { recursive: true });
    expect(() => writeWindowState(file, STATE)).toThrow();
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('createWindowStateSaver', () => {
  const fakeWrite = () => {
    const writes: SavedWindow[] = [];
    const write = vi.fn((_f: string, s: SavedWindow) => {
      writes.push(s);
    });
    return { writes, write };
  };
  const at = (x: number): SavedWindow => ({ ...STATE, bounds: { ...STATE.bounds, x } });

  it('writes once, the latest state, after the window has been still for the delay', async () => {
    vi.useFakeTimers();
    const { writes, write } = fakeWrite();
    const saver = createWindowStateSaver(file, { write });
    for (let x = 0; x < 50; x++) {
      saver.save(at(x));
      vi.advanceTimersByTime(SAVE_DELAY_MS / 10);
    }
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(writes).toEqual([at(49)]);
  });

  it('writes what is pending at once on flush, and nothing when nothing is', async () => {
    vi.useFakeTimers();
    const { writes, write } = fakeWrite();
    const saver = createWindowStateSaver(file, { write });
    saver.flush();
    expect(write).not.toHaveBeenCalled();
    saver.save(at(7));
    saver.flush();
    expect(writes).toEqual([at(7)]);
    vi.advanceTimersByTime(SAVE_DELAY_MS * 2);
    expect(writes).toHaveLength(1);
  });

  it('logs a failed write instead of throwing, and keeps working', async () => {
    const log = vi.fn();
    let fail = true;
    const written: SavedWindow[] = [];
    const saver = createWindowStateSaver(file, {
      log,
      write: (_f, s) => {
        if (fail) throw new Error('disk full');
        written.push(s);
      },
    });
    saver.save(at(1));
    expect(() => saver.flush()).not.toThrow();
    expect(log).toHaveBeenCalledWith('window state: could not save (disk full)');
    fail = false;
    saver.save(at(2));
    saver.flush();
    expect(written).toEqual([at(2)]);
  });

  it('writes the real file once the delay has passed', async () => {
    const saver = createWindowStateSaver(file, { delayMs: 5 });
    saver.save(at(1));
    saver.save(at(2));
    expect(await readWindowState(file)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(await readWindowState(file)).toEqual(at(2));
  });
});
