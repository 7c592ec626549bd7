import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { BerthError } from '../../../../shared/contract/errors';
import type { LogSource } from '../../../../shared/contract/logs';
import { api } from '../../api/connection';
import { usePersistentState } from '../../app/persisted';
import { notify } from '../../components/notifications';
import { AnsiLine } from './AnsiLine';
import { startDownload } from './download';
import { LogBuffer, makeMatcher, plainText } from './log-buffer';
import './logs.css';
import { DownIcon, UpIcon } from '../../components/icons';

const ROW_HEIGHT = 18;
/** Why 150 ms: the backlog still visibly streams in, at a fraction of the painting cost. */
const BACKLOG_PAINT_MS = 150;
const TAILS = [
  { value: '200', label: 'Last 200 lines' },
  { value: '1000', label: 'Last 1,000 lines' },
  { value: '10000', label: 'Last 10,000 lines' },
  { value: 'all', label: 'Whole log' },
];
const SINCES = [
  { value: '', label: 'Any time' },
  { value: '300000', label: 'Last 5 minutes' },
  { value: '3600000', label: 'Last hour' },
  { value: '86400000', label: 'Last 24 hours' },
  { value: 'custom', label: 'Since a time…' },
];
/** Colours for container names in the interleaved view. */
const SOURCE_HUES = [200, 30, 120, 280, 340, 60, 170, 0, 240, 90];

/**
 * A log view over one or more containers: the backlog then live lines, ANSI
 * colours rendered, stdout and stderr told apart, searchable, in a bounded
 * window of lines that only renders the rows on screen.
 */
export function LogView({ ids, showNames }: { ids: string[]; showNames: boolean }) {
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = usePersistentState('berth.logs.wrap', 'local', (v): v is boolean => typeof v === 'boolean', false);
  const [tail, setTail] = useState('1000');
  const [since, setSince] = useState('');
  const [sinceTime, setSinceTime] = useState('');
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [active, setActive] = useState(0);
  const [version, setVersion] = useState(0);
  const [sources, setSources] = useState<LogSource[]>([]);
  const [status, setStatus] = useState<string>('Loading…');
  const [error, setError] = useState<string>();
  const buffer = useRef(new LogBuffer()).current;
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const frame = useRef(0);
  const searchId = useId();
  const idsKey = ids.join(',');

  const loading = useRef(true);
  const schedule = useCallback(() => {
    if (frame.current) return;
    const paint = () => {
      frame.current = 0;
      setVersion((v) => v + 1);
    };
    // While a backlog pours in, paint a few times a second instead of every frame: the main thread then
    // reads and acks the stream sooner, and the producer (paused on unacked bytes) goes faster.
    frame.current = loading.current ? -(setTimeout(() => requestAnimationFrame(paint), BACKLOG_PAINT_MS) as unknown as number) : requestAnimationFrame(paint);
  }, []);

  // A preset is relative to now; a chosen time is read in local time. An unfinished time field means no limit yet.
  const customMs = since === 'custom' && sinceTime ? new Date(sinceTime).getTime() : NaN;
  const sinceMs = since === 'custom' ? (Number.isFinite(customMs) ? Math.max(0, customMs) : undefined) : since ? Date.now() - Number(since) : undefined;
  const sinceKey = since === 'custom' ? `custom:${sinceMs ?? ''}` : since;

  useEffect(() => {
    buffer.clear();
    loading.current = true;
    setSources([]);
    setError(undefined);
    setStatus('Loading…');
    schedule();
    const decoder = new TextDecoder();
    const list = idsKey.split(',');
    const ch = api.open(
      'logs.stream',
      {
        ids: list,
        tail: tail === 'all' ? 'all' : Number(tail),
        since: sinceMs,
        follow,
      },
      {
        onEvent(ev, bytes) {
          if (ev.type === 'sources') setSources(ev.sources);
          else if (ev.type === 'lines' && bytes) {
            buffer.append(ev.source, ev.stream, decoder.decode(bytes));
            schedule();
          } else if (ev.type === 'caught-up') {
            loading.current = false;
            if (list.length > 1) buffer.sortByTime();
            setStatus(follow ? 'Following' : 'Loaded');
            schedule();
          } else if (ev.type === 'source-ended') {
            setStatus(`Stopped following: ${ev.reason ?? 'the log ended'}`);
          } else if (ev.type === 'source-interrupted') {
            setStatus(`Paused: ${ev.reason} Following resumes when the engine is back.`);
          } else if (ev.type === 'source-resumed') {
            setStatus('Following');
          }
        },
        onEnd(err) {
          if (err && err.code !== 'cancelled') setError(err.message);
          else setStatus((s) => (s === 'Following' ? 'Ended' : s));
        },
      },
    );
    return () => {
      ch.close();
      if (frame.current > 0) cancelAnimationFrame(frame.current);
      else clearTimeout(-frame.current);
      frame.current = 0;
    };
    // sinceMs is derived from sinceKey (a preset is re-read from the clock only when chosen).
  }, [idsKey, tail, sinceKey, follow, buffer, schedule]); // eslint-disable-line react-hooks/exhaustive-deps

  const { match, error: queryError } = useMemo(() => makeMatcher(query, regex), [query, regex]);
  const lines = buffer.lines;
  const matches = useMemo(() => {
    if (!match) return [] as number[];
    const out: number[] = [];
    for (let i = 0; i < lines.length; i++) if (match(plainText(lines[i]!.text)).length) out.push(i);
    return out;
    // `version` changes whenever the buffer does.
  }, [match, lines, version]); // eslint-disable-line react-hooks/exhaustive-deps

  const virtual = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
  });
  // Wrapped lines have their own heights: measured as they render; unwrapped, every line is one row.
  useEffect(() => virtual.measure(), [wrap, virtual]);

  useEffect(() => {
    if (follow && atBottom.current && lines.length && !query) virtual.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [version, follow, lines.length, virtual, query]);

  const activeLine = matches.length ? matches[Math.min(active, matches.length - 1)] : undefined;
  const goto = (delta: number) => {
    if (!matches.length) return;
    const next = (Math.min(active, matches.length - 1) + delta + matches.length) % matches.length;
    setActive(next);
    virtual.scrollToIndex(matches[next]!, { align: 'center' });
  };
  useEffect(() => {
    setActive(0);
    if (matches.length) virtual.scrollToIndex(matches[0]!, { align: 'center' });
    else if (!match && follow && lines.length) {
      // Search cleared while following: back to the live end.
      atBottom.current = true;
      virtual.scrollToIndex(lines.length - 1, { align: 'end' });
    }
    // Only when the search itself changes, not on every new line.
  }, [match]); // eslint-disable-line react-hooks/exhaustive-deps

  const lineText = (i: number) => {
    const l = lines[i]!;
    const name = showNames ? `${sources[l.source]?.name ?? ''} | ` : '';
    return `${name}${timestamps && l.ts ? `${l.ts} ` : ''}${plainText(l.text)}`;
  };

  const copy = async () => {
    const picked = matches.length ? matches : lines.map((_, i) => i);
    const text = picked.map(lineText).join('\n');
    try {
      await navigator.clipboard.writeText(text);
      notify('info', `Copied ${picked.length.toLocaleString()} ${picked.length === 1 ? 'line' : 'lines'}`);
    } catch {
      notify('error', 'The browser refused access to the clipboard.');
    }
  };

  const download = async () => {
    try {
      const link = await api.call('logs.download', { id: ids[0]!, timestamps });
      startDownload(link.url, link.filename);
    } catch (e) {
      notify('error', e instanceof BerthError ? e.message : String(e));
    }
  };

  return (
    <section className="logs" aria-label={showNames ? 'Logs of the selected containers' : 'Logs'}>
      <div className="logs-toolbar">
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <label>
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <label>
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
        </label>
        <select aria-label="How many lines" value={tail} onChange={(e) => setTail(e.target.value)}>
          {TAILS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        <select aria-label="Since" value={since} onChange={(e) => setSince(e.target.value)}>
          {SINCES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
        {since === 'custom' && (
          <input type="datetime-local" aria-label="Since time" value={sinceTime} step={1} onChange={(e) => setSinceTime(e.target.value)} />
        )}
        <span className="logs-search">
          <input
            id={searchId}
            type="search"
            aria-label="Search logs"
            aria-keyshortcuts="/"
            data-filter
            placeholder="Search"
            value={query}
            aria-invalid={queryError ? true : undefined}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') goto(e.shiftKey ? -1 : 1);
            }}
          />
          <label>
            <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> Regex
          </label>
          <button type="button" aria-label="Previous match" disabled={!matches.length} onClick={() => goto(-1)}>
            <UpIcon />
          </button>
          <button type="button" aria-label="Next match" disabled={!matches.length} onClick={() => goto(1)}>
            <DownIcon />
          </button>
        </span>
        <button type="button" onClick={() => void copy()} aria-label={matches.length ? 'Copy matching lines' : 'Copy logs'}>
          Copy
        </button>
        {ids.length === 1 && (
          <button type="button" onClick={() => void download()} aria-label="Download log">
            Download
          </button>
        )}
      </div>
      <div className="logs-status" role="status">
        {queryError ? (
          <span className="error-text">Invalid regular expression: {queryError}</span>
        ) : query ? (
          `${matches.length.toLocaleString()} matching ${matches.length === 1 ? 'line' : 'lines'}`
        ) : (
          `${status} · ${lines.length.toLocaleString()} lines${buffer.dropped ? ` (oldest ${buffer.dropped.toLocaleString()} left the window)` : ''}`
        )}
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div
        ref={scrollRef}
        className="logs-scroll"
        role="log"
        aria-label="Log output"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
        }}
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative', minWidth: '100%' }} className={wrap ? 'logs-wrapped' : undefined}>
          {virtual.getVirtualItems().map((item) => {
            const l = lines[item.index];
            if (!l) return null;
            const src = sources[l.source];
            return (
              <div
                key={l.seq}
                data-index={item.index}
                ref={wrap ? virtual.measureElement : undefined}
                className={`log-line log-${l.stream}`}
                style={{ transform: `translateY(${item.start}px)`, height: wrap ? undefined : ROW_HEIGHT }}
              >
                {l.stream === 'stderr' ? (
                  <span className="log-gutter log-gutter-err" title="stderr" aria-label="stderr">
                    E
                  </span>
                ) : (
                  <span className="log-gutter" aria-hidden="true" />
                )}
                {showNames && src && (
                  <span className="log-source" style={{ color: `hsl(${SOURCE_HUES[l.source % SOURCE_HUES.length]}, 65%, 45%)` }}>
                    {src.name}
                  </span>
                )}
                {timestamps && l.ts && <span className="log-ts">{l.ts}</span>}
                <AnsiLine text={l.text} matcher={match} active={item.index === activeLine} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
