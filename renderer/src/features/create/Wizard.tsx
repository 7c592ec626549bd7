import { useEffect, useMemo, useRef, useState } from 'react';
import type { BindWarning, CreateInfo, CreatePolicy, CreateSpec, EditPlan, EditResult, ImageSummary, Template } from '../../../../shared/contract/create';
import { BerthError, errorMessage, type ErrorData } from '../../../../shared/contract/errors';
import { parseDockerRun, SUPPORTED_RUN_FLAGS, specToDockerRun } from '../../../../shared/create/docker-run';
import { emptyDraft, specFieldToDraftField, specToDraft, type CreateDraft } from '../../../../shared/create/draft';
import { api } from '../../api/connection';
import { Dialog } from '../../components/Dialog';
import { notify } from '../../components/notifications';
import { DiffView } from './DiffView';
import { EditSteps } from './EditSteps';
import { PullBar } from './PullBar';
import { Summary } from './Review';
import { EnvStep, ImageStep, ResourcesStep, STEPS, StorageStep } from './steps';
import { advanceEdit, summaryOf, type EditProgress } from './summary';
import { defaultWorkspaceOf, fieldLabel, formErrors, omittedNote, safePreview, stepOfField, visibleErrors, type FieldErrors, type FormContext } from './validation';
import './create.css';

/** The error paths a draft key's edit makes stale: typing in a field clears its error. */
function errorPrefixOf(key: string): string {
  if (key === 'cpus' || key === 'memory' || key === 'pidsLimit') return `resources.${key}`;
  if (key.startsWith('workspace')) return 'workspace';
  if (key === 'restartPolicy' || key === 'maxRetries') return 'restart';
  if (key === 'readOnlyRootfs' || key === 'noNewPrivileges' || key === 'capDropAll') return 'hardening';
  if (key === 'noNetwork') return 'ports';
  if (key === 'privileged' || key === 'capAdd' || key === 'hostPid') return `hostAccess.${key}`;
  return key;
}

/** The first control of a section (a form path: a field, or a fieldset of rows) in `root`. */
function firstControlOf(root: HTMLElement, path: string): HTMLElement | null {
  const el = root.querySelector<HTMLElement>(`[name="${path}"], [name^="${path}."]`);
  const focusable = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';
  if (el instanceof HTMLFieldSetElement) return el.querySelector<HTMLElement>(focusable);
  if (el && !el.matches(':disabled')) return el;
  return root.querySelector<HTMLElement>(focusable);
}

function toFieldErrors(list: ErrorData[], draft: CreateDraft): FieldErrors {
  const out: FieldErrors = {};
  for (const e of list) {
    const f = specFieldToDraftField(e.field ?? 'form', draft);
    out[f] ??= e.message;
  }
  return out;
}

/**
 * The create wizard, and the same form for editing a container: steps keep
 * one draft, so Back and Next lose nothing; each field is judged as it is
 * left, and Next judges the whole step; the `docker run` preview follows
 * every keystroke but shows only values that pass; errors come back at the
 * field they concern.
 */
export function Wizard(props: { initial?: CreateSpec; edit?: { id: string; name: string }; onClose(): void }) {
  const [draft, setDraft] = useState<CreateDraft>(() => (props.initial ? specToDraft(props.initial) : emptyDraft()));
  const [step, setStep] = useState(0);
  /** What the host said (check, create, edit), by form path; local rules are recomputed from the draft. */
  const [errors, setErrors] = useState<FieldErrors>({});
  /** Form paths the user has left at least once, and steps the user asked to leave: their errors show. */
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [revealed, setRevealed] = useState<ReadonlySet<number>>(() => new Set());
  /** A request to focus, carried out once the step it names has rendered. */
  const [focusTo, setFocusTo] = useState<{ path?: string; n: number }>();
  const stepRef = useRef<HTMLElement>(null);
  const [progress, setProgress] = useState<EditProgress>();
  const [info, setInfo] = useState<CreateInfo>();
  const [images, setImages] = useState<ImageSummary[]>([]);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [busy, setBusy] = useState(false);
  const [pulling, setPulling] = useState<string>();
  const [needsPull, setNeedsPull] = useState(false);
  const [pasteReport, setPasteReport] = useState<{ unsupported: string[]; errors: string[] }>();
  const [plan, setPlan] = useState<EditPlan>();
  const [loaded, setLoaded] = useState(!props.edit);
  const [templateName, setTemplateName] = useState('');
  const [copied, setCopied] = useState(false);
  const [policy, setPolicy] = useState<CreatePolicy>();
  /** Binds the user is asked to confirm before the create goes ahead. */
  const [confirm, setConfirm] = useState<BindWarning[]>();
  const lastConfirm = useRef<BindWarning[]>([]);
  const editing = props.edit;
  /** False once the dialog is gone: an edit still running then reports in a toast. */
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const refreshImages = () => void api.call('create.images', {}).then(setImages, () => undefined);
  useEffect(() => {
    void api.call('create.info', {}).then(setInfo, (e) => notify('error', errorMessage(e)));
    // Without it the form just cannot say why before submitting; the services refuse anyway.
    void api.call('create.policy', {}).then(setPolicy, () => undefined);
    refreshImages();
    void api.call('create.templates', {}).then(setTemplates, () => undefined);
    if (editing) {
      api.call('create.specOf', { id: editing.id }).then(
        (r) => {
          setDraft(specToDraft(r.spec));
          setLoaded(true);
        },
        (e) => {
          notify('error', `Could not read ${editing.name}: ${errorMessage(e)}`);
          props.onClose();
        },
      );
    }
    // Loaded once per dialog.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const update = (patch: Partial<CreateDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setPlan(undefined);
    const stale = Object.keys(patch).map(errorPrefixOf);
    setErrors((errs) => Object.fromEntries(Object.entries(errs).filter(([k]) => !stale.some((t) => k === t || k.startsWith(`${t}.`)))));
    if ('image' in patch) setNeedsPull(false);
  };

  const formCtx = useMemo<FormContext>(() => ({ validate: { hostCpus: info?.hostCpus }, policy, workspacesRoot: info?.workspacesRoot }), [info, policy]);
  const { spec, errors: localErrors } = useMemo(() => formErrors(draft, formCtx), [draft, formCtx]);
  const defaultWs = defaultWorkspaceOf(spec, formCtx);
  const allErrors = useMemo(() => ({ ...localErrors, ...Object.fromEntries(Object.entries(errors).filter(([, m]) => m)) }), [localErrors, errors]);
  // Built from what passes only: a refused value is left out, and the note says which.
  const preview = useMemo(() => safePreview(draft, formCtx, allErrors), [draft, formCtx, allErrors]);
  const shownErrors = useMemo(() => ({ ...visibleErrors(localErrors, touched, revealed), ...errors }), [localErrors, touched, revealed, errors]);

  useEffect(() => {
    if (!focusTo || !stepRef.current) return;
    const root = stepRef.current;
    const target = focusTo.path ? firstControlOf(root, focusTo.path) : root.querySelector<HTMLElement>('[aria-invalid="true"]:not(:disabled)');
    target?.focus();
  }, [focusTo, step]);
  const focusLater = (path?: string) => setFocusTo((f) => ({ path, n: (f?.n ?? 0) + 1 }));
  const jumpTo = (to: number, path: string) => {
    setStep(to);
    focusLater(path);
  };

  /** Shows what the host said, takes the user to the first field concerned and focuses it. */
  const show = (list: ErrorData[], jump = true) => {
    const fe = toFieldErrors(list, draft);
    setErrors(fe);
    const first = Object.keys(fe)[0];
    if (jump && first) {
      setStep(stepOfField(first));
      focusLater();
    }
    return Object.keys(fe).length > 0;
  };

  /** Reveals every error of the steps up to `upTo`; with any, goes to the first and focuses its field. */
  const revealUpTo = (upTo: number): boolean => {
    setRevealed((r) => new Set([...r, ...STEPS.map((_, i) => i).filter((i) => i <= upTo)]));
    const steps = Object.keys(localErrors).filter((f) => f !== 'form').map(stepOfField).filter((i) => i <= upTo);
    if (!steps.length) return false;
    setStep(Math.min(...steps));
    focusLater();
    return true;
  };

  /** Checks the fields of the steps so far, against the form rules and the engine's state. */
  const checkUpTo = async (upTo: number): Promise<boolean> => {
    const relevant = (e: ErrorData) => stepOfField(specFieldToDraftField(e.field ?? '', draft)) <= upTo;
    if (revealUpTo(upTo)) return false;
    if (!spec.image) return true;
    try {
      const res = await api.call('create.check', { spec, ...(editing ? { editingId: editing.id } : {}) });
      lastConfirm.current = res.confirm;
      const found = res.errors.filter(relevant);
      setNeedsPull(!res.imagePresent);
      if (!res.imagePresent) found.unshift({ code: 'image-not-found', field: 'image', message: `${spec.image} is not on this machine: pull it first` });
      return !show(found);
    } catch (e) {
      notify('error', errorMessage(e));
      return false;
    }
  };

  const next = async () => {
    setBusy(true);
    try {
      if (await checkUpTo(step)) setStep((s) => Math.min(s + 1, STEPS.length - 1));
    } finally {
      setBusy(false);
    }
  };

  const fail = (e: unknown) => {
    if (e instanceof BerthError && e.field) {
      const list = (e.details as { errors?: ErrorData[] } | undefined)?.errors ?? [e.toData()];
      show(list);
      if (e.code === 'image-not-found') setNeedsPull(true);
    } else notify('error', errorMessage(e));
  };

  // One operation id per spec submitted: a retry after a lost answer returns the container the first try made.
  const operation = useRef<{ spec: string; id: string } | null>(null);
  const operationFor = (s: CreateSpec): string => {
    const key = JSON.stringify(s);
    if (operation.current?.spec !== key) operation.current = { spec: key, id: crypto.randomUUID() };
    return operation.current.id;
  };

  const submit = async (confirmed = false) => {
    setBusy(true);
    setProgress(undefined);
    try {
      if (!(await checkUpTo(STEPS.length))) return;
      if (!confirmed && lastConfirm.current.length > 0) {
        setConfirm(lastConfirm.current);
        return;
      }
      setConfirm(undefined);
      if (editing) {
        setPlan(await api.call('create.planEdit', { id: editing.id, spec }));
        return;
      }
      const res = await api.call('create.create', { spec, operationId: operationFor(spec) });
      operation.current = null;
      notify('info', `Created ${res.name}${res.started ? ' and started it' : ''}.`);
      props.onClose();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  /**
   * Applies the edit, ticking off each step of a replacement as the service
   * reports it. Closing the dialog meanwhile does not stop the edit.
   */
  const apply = () => {
    if (!editing) return;
    setBusy(true);
    setProgress(undefined);
    let result: EditResult | undefined;
    api.open('create.applyEditSteps', { id: editing.id, spec }, {
      onEvent: (e) => {
        if (e.type === 'done') result = e.result;
        else setProgress((p) => advanceEdit(p, e));
      },
      onEnd: (err) => {
        setBusy(false);
        if ((err || !result) && !mounted.current) {
          notify('error', `The edit of ${editing.name} failed: ${errorMessage(err ?? new Error('no result'))}`);
          return;
        }
        if (err || !result) {
          setPlan(undefined);
          fail(err ?? new BerthError('internal', 'The edit ended without a result'));
          return;
        }
        const res = result;
        notify('info', res.mode === 'live' ? `Updated ${res.name} in place.` : res.mode === 'recreate' ? `Recreated ${res.name}.` : 'Nothing changed.');
        props.onClose();
      },
    });
  };

  const paste = (line: string) => {
    const r = parseDockerRun(line);
    if ('error' in r) {
      setPasteReport({ unsupported: [], errors: [r.error] });
      return;
    }
    setDraft(specToDraft(r.spec));
    setErrors({});
    setTouched(new Set());
    setRevealed(new Set());
    setPasteReport({ unsupported: r.unsupported, errors: r.errors.map((e) => `${e.flag}: ${e.message}`) });
  };

  const saveTemplate = async () => {
    try {
      const t = await api.call('create.saveTemplate', { name: templateName, spec });
      setTemplates((list) => [...list.filter((x) => x.id !== t.id), t]);
      notify('info', `Saved template “${t.name}”.`);
      setTemplateName('');
    } catch (e) {
      notify('error', errorMessage(e));
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(preview.line);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      notify('error', 'The clipboard is not available here: select the command and copy it.');
    }
  };

  const stepProps = { draft, update, errors: shownErrors, info, policy };
  const title = editing ? `Edit ${editing.name}` : 'New container';
  const last = step === STEPS.length - 1;

  const pullSlot = pulling ? (
    <PullBar
      imageRef={pulling}
      onDone={() => {
        setPulling(undefined);
        setNeedsPull(false);
        setErrors((e) => ({ ...e, image: '' }));
        refreshImages();
        notify('info', `Pulled ${pulling}.`);
      }}
      onFail={(message) => {
        setPulling(undefined);
        setErrors((e) => ({ ...e, image: message }));
      }}
      onCancel={() => setPulling(undefined)}
    />
  ) : needsPull && spec.image ? (
    <div className="row-fields">
      <button type="button" onClick={() => setPulling(spec.image)}>
        Pull {spec.image}
      </button>
    </div>
  ) : null;

  const report = pasteReport && (
    <div className="create-paste-report" role="status">
      {pasteReport.errors.length > 0 && (
        <>
          <p className="error-text">These flags have values Berth could not read:</p>
          <ul aria-label="Flags with errors">
            {pasteReport.errors.map((x) => <li key={x} className="mono">{x}</li>)}
          </ul>
        </>
      )}
      {pasteReport.unsupported.length > 0 ? (
        <>
          <p>Filled the form. These flags are not supported and were not carried over:</p>
          <ul aria-label="Unsupported flags">
            {pasteReport.unsupported.map((x) => <li key={x} className="mono">{x}</li>)}
          </ul>
        </>
      ) : pasteReport.errors.length === 0 ? (
        <p>Filled the form from the line; every flag was understood.</p>
      ) : null}
      <details>
        <summary>Supported flags</summary>
        <p className="mono">{SUPPORTED_RUN_FLAGS.join(' · ')}</p>
      </details>
    </div>
  );

  return (
    <Dialog
      title={title}
      wide
      onClose={props.onClose}
      actions={
        confirm ? (
          <>
            <button type="button" onClick={() => setConfirm(undefined)}>
              Back to the form
            </button>
            <button type="button" className="primary danger" disabled={busy} onClick={() => void submit(true)}>
              {editing ? 'Review changes anyway' : busy ? 'Creating…' : 'Create anyway'}
            </button>
          </>
        ) : plan ? (
          <>
            <button type="button" disabled={busy} onClick={() => setPlan(undefined)}>
              Back to the form
            </button>
            <button type="button" className="primary" disabled={busy || plan.mode === 'none'} onClick={() => apply()}>
              {busy ? 'Applying…' : 'Apply'}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
            <button type="button" disabled={step === 0} onClick={() => setStep((s) => s - 1)}>
              Back
            </button>
            {!last && (
              <button type="button" disabled={busy || !loaded} onClick={() => void next()}>
                Next
              </button>
            )}
            <button type="button" className="primary" disabled={busy || !loaded} onClick={() => void submit()}>
              {editing ? 'Review changes' : busy ? 'Creating…' : 'Create'}
            </button>
          </>
        )
      }
    >
      {!loaded ? (
        <p role="status">Reading the container…</p>
      ) : confirm ? (
        <section className="create-confirm" aria-label="Confirm these binds">
          <p>This container would get parts of this machine that are normally off limits to containers:</p>
          <ul>
            {confirm.map((w) => (
              <li key={w.field}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setConfirm(undefined);
                    setStep(stepOfField(specFieldToDraftField(w.field, draft)));
                  }}
                >
                  {w.field}
                </button>
                : {w.message}
              </li>
            ))}
          </ul>
          <p>Whoever controls the container then controls those too. Go ahead only if you mean it.</p>
        </section>
      ) : plan ? (
        <>
          <DiffView plan={plan} />
          {progress && <EditSteps progress={progress} />}
        </>
      ) : (
        <div className="create-wizard">
          <nav aria-label="Steps" className="create-steps">
            <ol>
              {STEPS.map((s, i) => (
                <li key={s}>
                  <button type="button" aria-current={i === step ? 'step' : undefined} onClick={() => setStep(i)}>
                    {i + 1}. {s}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
          <section
            ref={stepRef}
            className="create-step"
            aria-label={STEPS[step]}
            onBlur={(e) => {
              // Every form control is named by its form path: leaving it reveals its errors.
              const name = e.target.getAttribute('name');
              if (name && !touched.has(name)) setTouched((t) => new Set([...t, name]));
            }}
          >
            {progress?.failed && <EditSteps progress={progress} />}
            {shownErrors.form && <p className="error-text" role="alert">{shownErrors.form}</p>}
            {step === 0 && (
              <ImageStep
                {...stepProps}
                images={images}
                templates={templates}
                onTemplate={(t) => {
                  setDraft({ ...specToDraft(t.spec), name: draft.name });
                  setErrors({});
                  setTouched(new Set());
                  setRevealed(new Set());
                  notify('info', `Filled the form from “${t.name}”.`);
                }}
                pullSlot={pullSlot}
                onPaste={paste}
                pasteReport={report}
              />
            )}
            {step === 1 && <EnvStep {...stepProps} />}
            {step === 2 && <ResourcesStep {...stepProps} />}
            {step === 3 && <StorageStep {...stepProps} />}
            {step === 4 && (
              <>
                <Summary lines={summaryOf(spec, { workspaceHostPath: defaultWs })} onEdit={(l) => jumpTo(l.step, l.focus)} />
                {!editing && (
                  <label className="check">
                    <input type="checkbox" checked={draft.start} onChange={(e) => update({ start: e.target.checked })} />
                    Start after create
                  </label>
                )}
                {Object.keys(allErrors).length > 0 && (
                  <div role="alert" className="error-text">
                    <p>Fix these first:</p>
                    <ul>
                      {Object.entries(allErrors).map(([f, m]) => (
                        <li key={f}>
                          <button
                            type="button"
                            className="link"
                            onClick={() => {
                              setTouched((t) => new Set([...t, f]));
                              jumpTo(stepOfField(f), f);
                            }}
                          >
                            {fieldLabel(f)}
                          </button>
                          : {m}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                <div className="field">
                  <label htmlFor="create-template-name">Save as template</label>
                  <div className="row-fields">
                    <input id="create-template-name" value={templateName} placeholder="Template name" onChange={(e) => setTemplateName(e.target.value)} />
                    <button type="button" disabled={!templateName.trim() || !spec.image} onClick={() => void saveTemplate()}>
                      Save template
                    </button>
                  </div>
                </div>
              </>
            )}
          </section>
          <section className="create-preview" aria-label="docker run preview">
            <div className="create-preview-head">
              <strong>Equivalent command</strong>
              {omittedNote(preview.omitted) && <span className="muted create-preview-note">{omittedNote(preview.omitted)}</span>}
              <button type="button" onClick={() => void copy()}>
                {copied ? 'Copied' : 'Copy'}
              </button>
            </div>
            <pre className="mono" aria-label="docker run command">{preview.line}</pre>
          </section>
        </div>
      )}
    </Dialog>
  );
}
