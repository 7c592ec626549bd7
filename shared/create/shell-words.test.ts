import { describe, expect, it } from 'vitest';
import { joinWords, quoteWord, splitWords } from './shell-words';

describe('splitWords', () => {
  it('splits on blanks and keeps quoted text together', () => {
    expect(splitWords(`sh -c 'echo "hi there"; sleep 1'`).words).toEqual(['sh', '-c', 'echo "hi there"; sleep 1']);
    expect(splitWords(`echo "a \\"b\\" \\$HOME" c\\ d`).words).toEqual(['echo', 'a "b" $HOME', 'c d']);
  });
  it('joins backslash-newline continuations and keeps empty quoted words', () => {
    expect(splitWords('docker run \\\n  -e A= \\\r\n busybox "" x').words).toEqual(['docker', 'run', '-e', 'A=', 'busybox', '', 'x']);
  });
  it('does not expand variables or globs', () => {
    expect(splitWords('echo $HOME *.txt').words).toEqual(['echo', '$HOME', '*.txt']);
  });
  it('reports unclosed quotes', () => {
    expect(splitWords(`echo 'oops`).error).toMatch(/single quote/);
    expect(splitWords(`echo "oops`).error).toMatch(/double quote/);
  });
});

describe('quoteWord', () => {
  it('round-trips awkward words through splitWords', () => {
    const words = ['plain', 'with space', "it's", '', 'a"b', '$X', 'tab\there', 'new\nline'];
    expect(splitWords(joinWords(words)).words).toEqual(words);
    expect(quoteWord('/usr/bin:8080')).toBe('/usr/bin:8080');
    expect(quoteWord("it's")).toBe(`'it'\\''s'`);
  });
});
