import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { ContainerRow } from '../../../../shared/contract/containers';
import { BerthError } from '../../../../shared/contract/errors';
import { api } from '../../api/connection';
import { notify } from '../../components/notifications';
import { makeMatcher } from '../logs/log-buffer';
import './inspect.css';
import { DownIcon } from '../../components/icons';

/** The engine's inspect JSON as it is: searchable (matches marked, Enter jumps), copyable. */
export function InspectTab({ row }: { row: ContainerRow }) {
  const [json, setJson] = useState<string>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [active, setActive] = useState(0);
  const preRef = useRef<HTMLPreElement>(null);
  const version = `${row.state}|${row.startedAt}|${row.name}`;

  useEffect(() => {
    const abort = new AbortController();
    api
      .call('inspect.raw', { id: row.id }, { signal: abort.signal })
      .then((doc) => {
        setJson(JSON.stringify(doc, null, 2));
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof BerthError ? e.message : String(e));
      });
    return () => abort.abort();
  }, [row.id, version]);

  const { match, error: queryError } = useMemo(() => makeMatcher(query, regex), [query, regex]);
  const lines = useMemo(() => (json ? json.split('\n') : []), [json]);
  const hits = useMemo(() => {
    const out: number[] = [];
    if (match) lines.forEach((l, i) => match(l).length && out.push(i));
    return out;
  }, [lines, match]);
  const activeLine = hits.length ? hits[active % hits.length] : undefined;

  useEffect(() => {
    if (activeLine === undefined) return;
    preRef.current?.querySelector(`[data-line="${activeLine}"]`)?.scrollIntoView({ block: 'center' });
  }, [activeLine]);
  useEffect(() => setActive(0), [match]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(json ?? '');
      notify('info', 'Copied the inspect JSON');
    } catch {
      notify('error', 'The browser refused access to the clipboard.');
    }
  };

  if (error) return <p role="alert">{error}</p>;
  if (!json) return <p className="muted">Loading…</p>;
  return (
    <section className="inspect" aria-label="Inspect JSON">
      <div className="inspect-toolbar">
        <input
          type="search"
          aria-label="Search inspect JSON"
          placeholder="Search"
          value={query}
          aria-invalid={queryError ? true : undefined}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && hits.length) setActive((a) => (a + (e.shiftKey ? hits.length - 1 : 1)) % hits.length);
          }}
        />
        <label>
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> Regex
        </label>
        <button type="button" aria-label="Next match" disabled={!hits.length} onClick={() => setActive((a) => (a + 1) % hits.length)}>
          <DownIcon />
        </button>
        <button type="button" aria-label="Copy JSON" onClick={() => void copy()}>
          Copy
        </button>
        <span role="status" className="muted">
          {queryError ? `Invalid regular expression: ${queryError}` : query ? `${hits.length} matching ${hits.length === 1 ? 'line' : 'lines'}` : ''}
        </span>
      </div>
      <pre ref={preRef} className="inspect-json" tabIndex={0} aria-label="Inspect document">
        {lines.map((l, i) => {
          const ranges = match ? match(l) : [];
          if (!ranges.length) return `${l}\n`;
          const parts: Array<string | ReactElement> = [];
          let pos = 0;
          for (const [a, b] of ranges) {
            parts.push(l.slice(pos, a));
            parts.push(
              <mark key={a} className={i === activeLine ? 'inspect-mark-active' : undefined}>
                {l.slice(a, b)}
              </mark>,
            );
            pos = b;
          }
          parts.push(`${l.slice(pos)}\n`);
          return (
            <span key={i} data-line={i}>
              {parts}
            </span>
          );
        })}
      </pre>
    </section>
  );
}
