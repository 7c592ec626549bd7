import { useId, type ReactNode } from 'react';
import { explain } from '../../../../shared/errors/explain';
import { ErrorDetails } from '../../components/ErrorDetails';

export type { FieldErrors } from './validation';

/**
 * A labelled control with its help and error text tied to it, so a screen
 * reader announces the error with the field, and tests find it by label.
 */
export function Field(props: {
  label: string;
  error?: string;
  help?: ReactNode;
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const errId = `${id}-err`;
  const helpId = `${id}-help`;
  const describedBy = [props.error ? errId : '', props.help ? helpId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: Boolean(props.error) })}
      {props.help && (
        <span id={helpId} className="field-help">
          {props.help}
        </span>
      )}
      {props.error && <FieldError id={errId} text={props.error} />}
    </div>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string;
  help?: ReactNode;
  placeholder?: string;
  list?: string;
  mono?: boolean;
  type?: string;
  /** The form path: the wizard marks the field as left by it, and finds it again to focus it. */
  name?: string;
}) {
  return (
    <Field label={props.label} error={props.error} help={props.help}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={props.name}
          // Image references and paths, not personal details: the browser's autofill only gets in the way.
          autoComplete="off"
          type={props.type ?? 'text'}
          className={props.mono ? 'mono' : undefined}
          value={props.value}
          placeholder={props.placeholder}
          list={props.list}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** An inline error under a row control (rows have no room for a full Field); `id` lets the control name it as its description. */
export function RowError({ text, id }: { text?: string; id?: string }) {
  if (!text) return null;
  return <FieldError id={id} text={text} row />;
}

/**
 * An error at a field. What the engine said (an OCI runtime or registry message) is put in words, with the
 * engine's own text under Details; the form's own messages are words already and show as they are.
 */
function FieldError({ id, text, row }: { id?: string; text: string; row?: boolean }) {
  const words = explain(text);
  return (
    <>
      <span id={id} className={row ? 'field-error create-row-error' : 'field-error'} role="alert">
        {words?.message ?? text}
      </span>
      {words && <ErrorDetails text={words.details} />}
    </>
  );
}
