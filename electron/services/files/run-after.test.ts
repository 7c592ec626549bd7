import { describe, expect, it } from 'vitest';
import { commandArgv } from './run-after';

describe('commandArgv', () => {
  it('runs plain words directly, shell syntax under sh -c', () => {
    expect(commandArgv('python boot.py --port 8080')).toEqual(['python', 'boot.py', '--port', '8080']);
    expect(commandArgv('echo "two words"')).toEqual(['echo', 'two words']);
    expect(commandArgv('make && ./run')).toEqual(['/bin/sh', '-c', 'make && ./run']);
    expect(commandArgv('echo $HOME')).toEqual(['/bin/sh', '-c', 'echo $HOME']);
    expect(commandArgv('ls *.py')).toEqual(['/bin/sh', '-c', 'ls *.py']);
  });
});
