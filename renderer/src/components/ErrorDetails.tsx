import './error-details.css';

/** The engine's own words behind a message that says it plainly: closed by default, there for whoever needs them. */
export function ErrorDetails({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <details className="error-details">
      <summary>Details</summary>
      <pre>{text}</pre>
    </details>
  );
}
