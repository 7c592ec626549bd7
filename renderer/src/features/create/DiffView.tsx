import type { EditPlan } from '../../../../shared/contract/create';

/** Old → new per field, each marked live (applied in place) or needing a new container. */
export function DiffView({ plan }: { plan: EditPlan }) {
  if (plan.mode === 'none') return <p role="status">Nothing changed.</p>;
  return (
    <div className="create-diff">
      <p role="status">
        <strong>{plan.mode === 'live' ? 'Applied live, no restart' : 'Needs a new container'}</strong>
      </p>
      <table aria-label="Changes">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
            <th scope="col">How</th>
          </tr>
        </thead>
        <tbody>
          {plan.changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.label}</th>
              <td className="mono">{c.old}</td>
              <td className="mono">{c.new}</td>
              <td>{c.live ? 'live' : 'recreate'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
    </div>
  );
}
