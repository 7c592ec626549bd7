/**
 * POSIX-shell word splitting for command, entrypoint and pasted `docker run`
 * lines: single quotes, double quotes with \\ escapes, backslash escapes and
 * backslash-newline continuations. No variable expansion, no globbing: the
 * text means what it says, as it would in a `sh -c` that had nothing to expand.
 */
export function splitWords(text: string): { words: string[]; error?: string } {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return { words, error: 'ends with a lone backslash' };
      if (next === '\n') {
        i += 2;
        continue;
      }
      if (next === '\r' && text[i + 2] === '\n') {
        i += 3;
        continue;
      }
      cur += next;
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { words, error: 'a single quote is not closed' };
      cur += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') cur += text[i + 1];
          i += 2;
          continue;
        }
        cur += d;
        i++;
      }
      if (!closed) return { words, error: 'a double quote is not closed' };
      inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
      continue;
    }
    cur += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(cur);
  return { words };
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word so a POSIX shell reads it back unchanged. */
export function quoteWord(word: string): string {
  if (word === '') return "''";
  if (SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function joinWords(words: readonly string[]): string {
  return words.map(quoteWord).join(' ');
}
