import type { SummaryLine } from './summary';

/**
 * The Review step's summary: one line per section, each with a button that
 * takes the user back to the step that edits it, focused on its first field.
 */
export function Summary({ lines, onEdit }: { lines: SummaryLine[]; onEdit(line: SummaryLine): void }) {
  return (
    <section className="create-summary" aria-label="Summary">
      {lines.map((l) => (
        <div key={l.label} role="group" aria-label={l.label} className="create-summary-line">
          <span className="create-summary-label">{l.label}</span>
          <span className="create-summary-value">
            {l.values.length ? (
              l.values.map((v, i) => (
                <span key={i} className={l.mono ? 'mono' : undefined}>
                  {v}
                </span>
              ))
            ) : (
              <span className="muted">{l.unset}</span>
            )}
          </span>
          <button type="button" className="link small" onClick={() => onEdit(l)}>
            Edit {l.label.toLowerCase()}
          </button>
        </div>
      ))}
    </section>
  );
}
