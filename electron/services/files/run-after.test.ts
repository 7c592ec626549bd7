import { describe, expect, it } from 'vitest';
import { commandArgv, Demuxer } from './run-after';

describe('commandArgv', () => {
  it('runs plain words directly, shell syntax under sh -c', () => {
    expect(commandArgv('python boot.py --port 8080')).toEqual(['python', 'boot.py', '--port', '8080']);
    expect(commandArgv('echo "two words"')).toEqual(['echo', 'two words']);
    expect(commandArgv('make && ./run')).toEqual(['/bin/sh', '-c', 'make && ./run']);
    expect(commandArgv('echo $HOME')).toEqual(['/bin/sh', '-c', 'echo $HOME']);
    expect(commandArgv('ls *.py')).toEqual(['/bin/sh', '-c', 'ls *.py']);
  });
});

describe('Demuxer', () => {
  it('splits frames that straddle chunks', () => {
    const frame = (t: number, s: string) => {
      const h = Buffer.alloc(8);
      h[0] = t;
      h.writeUInt32BE(Buffer.byteLength(s), 4);
      return Buffer.concat([h, Buffer.from(s)]);
    };
    const all = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')]);
    const got: string[] = [];
    const d = new Demuxer((s, b) => got.push(`${s}:${b.toString()}`));
    for (let i = 0; i < all.length; i += 5) d.push(all.subarray(i, i + 5));
    expect(got).toEqual(['stdout:hello ', 'stderr:oops', 'stdout:world']);
  });
});
