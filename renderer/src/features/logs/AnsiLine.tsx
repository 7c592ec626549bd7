import Anser from 'anser';
import { memo, type CSSProperties, type ReactNode } from 'react';
import type { Matcher } from './log-buffer';

/** Why 10,000: a DOM row of a megabyte of text stalls layout; the full line stays in Copy and Download. */
export const MAX_SHOWN_CHARS = 10_000;

/** The view is dark: the two basic colours that vanish on it are lifted (the rest of anser's palette reads fine). */
const ON_DARK: Record<string, string> = { '0, 0, 0': '110, 118, 129', '0, 0, 187': '88, 166, 255' };

interface Segment {
  text: string;
  style?: CSSProperties;
}

function segments(text: string): Segment[] {
  if (!text.includes('\u001b')) return [{ text: text.replace(/\r$/, '') }];
  return Anser.ansiToJson(text, { json: true, remove_empty: true }).map((e) => {
    const style: CSSProperties = {};
    if (e.fg) style.color = `rgb(${ON_DARK[e.fg] ?? e.fg})`;
    if (e.bg) style.backgroundColor = `rgb(${e.bg})`;
    if (e.decorations.includes('bold')) style.fontWeight = 600;
    if (e.decorations.includes('italic')) style.fontStyle = 'italic';
    if (e.decorations.includes('underline')) style.textDecoration = 'underline';
    if (e.decorations.includes('dim')) style.opacity = 0.7;
    return { text: e.content.replace(/\r$/, ''), style: Object.keys(style).length ? style : undefined };
  });
}

/** A log line with its ANSI colours rendered as styled spans (never as HTML), and search matches marked. */
export const AnsiLine = memo(function AnsiLine({ text, matcher, active }: { text: string; matcher: Matcher | null; active: boolean }) {
  const long = text.length > MAX_SHOWN_CHARS;
  const segs = segments(long ? text.slice(0, MAX_SHOWN_CHARS) : text);
  const plain = segs.map((s) => s.text).join('');
  const ranges = matcher ? matcher(plain) : [];
  const out: ReactNode[] = [];
  let offset = 0;
  let r = 0;
  segs.forEach((s, i) => {
    const start = offset;
    const end = offset + s.text.length;
    offset = end;
    let pos = start;
    const parts: ReactNode[] = [];
    while (r < ranges.length && ranges[r]![0] < end) {
      const [a, b] = ranges[r]!;
      const from = Math.max(a, pos);
      const to = Math.min(b, end);
      if (from > pos) parts.push(s.text.slice(pos - start, from - start));
      if (to > from) {
        parts.push(
          <mark key={`${i}-${from}`} className={active ? 'log-mark log-mark-active' : 'log-mark'}>
            {s.text.slice(from - start, to - start)}
          </mark>,
        );
      }
      pos = Math.max(pos, to);
      if (b <= end) r++;
      else break;
    }
    if (pos < end) parts.push(s.text.slice(pos - start));
    out.push(
      <span key={i} style={s.style}>
        {parts}
      </span>,
    );
  });
  return (
    <>
      {out}
      {long && <span className="muted"> … ({(text.length - MAX_SHOWN_CHARS).toLocaleString()} more characters: use Copy or Download)</span>}
    </>
  );
});
