import { useId, useState } from 'react';
import type { CreateInfo, CreatePolicy, ImageSummary, RestartPolicyName, Template } from '../../../../shared/contract/create';
import { emptyPortRow, parseEnvFile, type CreateDraft, type KeyValueRow } from '../../../../shared/create/draft';
import { Field, RowError, TextField, type FieldErrors } from './fields';

export interface StepProps {
  draft: CreateDraft;
  update(patch: Partial<CreateDraft>): void;
  errors: FieldErrors;
  info?: CreateInfo;
  /** What this host refuses, and why; unknown until loaded. */
  policy?: CreatePolicy;
}

export const STEPS = ['Image and command', 'Environment and tags', 'Resources and ports', 'Storage and network', 'Review'] as const;
export { stepOfField } from './validation';

export function ImageStep(props: StepProps & { images: ImageSummary[]; templates: Template[]; onTemplate(t: Template): void; pullSlot?: React.ReactNode; onPaste(line: string): void; pasteReport?: React.ReactNode }) {
  const { draft, update, errors } = props;
  const [templateId, setTemplateId] = useState('');
  const [pasting, setPasting] = useState(false);
  const [line, setLine] = useState('');
  return (
    <>
      <div className="create-starters">
        <div className="field">
          <label htmlFor="create-template">Start from template</label>
          <div className="row-fields">
            <select id="create-template" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              <option value="">Choose a template…</option>
              {props.templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                  {t.builtin ? ' (built-in)' : ''}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!templateId}
              onClick={() => {
                const t = props.templates.find((x) => x.id === templateId);
                if (t) props.onTemplate(t);
              }}
            >
              Use template
            </button>
            <button type="button" aria-expanded={pasting} onClick={() => setPasting(!pasting)}>
              Paste docker run
            </button>
          </div>
        </div>
        {pasting && (
          <div className="field">
            <label htmlFor="create-paste">docker run line</label>
            <textarea id="create-paste" className="mono" rows={3} value={line} onChange={(e) => setLine(e.target.value)} placeholder="docker run -d --name web -p 8080:80 busybox httpd -f" />
            <div className="row-fields">
              <button type="button" disabled={!line.trim()} onClick={() => props.onPaste(line)}>
                Fill the form
              </button>
            </div>
          </div>
        )}
        {props.pasteReport}
      </div>
      <TextField
        label="Image" name="image"
        value={draft.image}
        onChange={(image) => update({ image })}
        error={errors.image}
        list="create-images"
        mono
        placeholder="berth-test/busybox:latest"
        help="Pick a local image (type to search) or type a reference to pull."
      />
      <datalist id="create-images">
        {props.images.flatMap((i) => i.tags.map((t) => <option key={`${i.id}-${t}`} value={t} />))}
      </datalist>
      {props.pullSlot}
      <TextField label="Name" name="name"  value={draft.name} onChange={(name) => update({ name })} error={errors.name} help="Optional; letters, digits, _ . -" />
      <TextField label="Command" name="command"  value={draft.command} onChange={(command) => update({ command })} error={errors.command} mono help={`Shell-style: quotes keep words together, e.g. sh -c 'echo hi; sleep 100'`} />
      <TextField label="Entrypoint" name="entrypoint"  value={draft.entrypoint} onChange={(entrypoint) => update({ entrypoint })} error={errors.entrypoint} mono help="Leave empty to keep the image's." />
      <div className="row-fields">
        <TextField label="Working directory" name="workingDir"  value={draft.workingDir} onChange={(workingDir) => update({ workingDir })} error={errors.workingDir} mono />
        <TextField label="User" name="user"  value={draft.user} onChange={(user) => update({ user })} error={errors.user} mono placeholder="e.g. 1000:1000" />
      </div>
      <label className="check">
        <input type="checkbox" name="tty" checked={draft.tty} onChange={(e) => update({ tty: e.target.checked })} />
        Allocate a terminal (TTY)
      </label>
      <label className="check">
        <input type="checkbox" name="interactive" checked={draft.interactive} onChange={(e) => update({ interactive: e.target.checked })} />
        Keep stdin open (interactive)
      </label>
    </>
  );
}

function KeyValueRows(props: {
  what: string;
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  errors: FieldErrors;
  prefix: string;
}) {
  const { rows, onChange, what, prefix } = props;
  const ids = useId();
  const set = (i: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="create-rows">
      {rows.map((r, i) => {
        const keyError = props.errors[`${prefix}.${i}.key`];
        return (
          <div key={i} className="create-row">
            <input aria-label={`${what} ${i + 1} key`} name={`${prefix}.${i}.key`} className="mono" value={r.key} placeholder="KEY" aria-invalid={Boolean(keyError) || undefined} aria-describedby={keyError ? `${ids}-${i}-key` : undefined} onChange={(e) => set(i, { key: e.target.value })} />
            <span aria-hidden="true">=</span>
            <input aria-label={`${what} ${i + 1} value`} name={`${prefix}.${i}.value`} className="mono" value={r.value} placeholder="value" onChange={(e) => set(i, { value: e.target.value })} />
            <button type="button" aria-label={`Remove ${what.toLowerCase()} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              Remove
            </button>
            <RowError id={`${ids}-${i}-key`} text={keyError} />
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        Add {what.toLowerCase()}
      </button>
    </div>
  );
}

export function EnvStep({ draft, update, errors }: StepProps) {
  const [envText, setEnvText] = useState('');
  const [report, setReport] = useState('');
  const addEnv = (text: string) => {
    const { rows, skipped } = parseEnvFile(text);
    const merged = [...draft.env.filter((r) => r.key.trim() && !rows.some((n) => n.key === r.key.trim())), ...rows];
    update({ env: merged });
    setReport(`Added ${rows.length} variable${rows.length === 1 ? '' : 's'}${skipped.length ? `; skipped line${skipped.length === 1 ? '' : 's'} ${skipped.join(', ')} (not KEY=VALUE)` : ''}.`);
  };
  return (
    <>
      <fieldset name="env">
        <legend>Environment variables</legend>
        <KeyValueRows what="Variable" rows={draft.env} onChange={(env) => update({ env })} errors={errors} prefix="env" />
        <div className="field">
          <label htmlFor="create-envtext">Paste .env lines</label>
          <textarea id="create-envtext" className="mono" rows={3} value={envText} onChange={(e) => setEnvText(e.target.value)} placeholder={'API_URL=http://x\n# comments are skipped'} />
          <div className="row-fields">
            <button type="button" disabled={!envText.trim()} onClick={() => { addEnv(envText); setEnvText(''); }}>
              Add these variables
            </button>
            <label className="create-file">
              Load .env file
              <input type="file" accept=".env,text/plain" onChange={async (e) => { const f = e.target.files?.[0]; if (f) addEnv(await f.text()); e.target.value = ''; }} />
            </label>
          </div>
          {report && <span className="field-help" role="status">{report}</span>}
        </div>
      </fieldset>
      <TextField label="Tags" name="tags"  value={draft.tags} onChange={(tags) => update({ tags })} error={errors.tags} help="Separated by commas or spaces; stored as berth.tag.NAME labels." />
      <fieldset name="labels">
        <legend>Labels</legend>
        <KeyValueRows what="Label" rows={draft.labels} onChange={(labels) => update({ labels })} errors={errors} prefix="labels" />
      </fieldset>
    </>
  );
}

export function ResourcesStep({ draft, update, errors, info }: StepProps) {
  const ids = useId();
  const setPort = (i: number, patch: Partial<CreateDraft['ports'][number]>) => update({ ports: draft.ports.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  return (
    <>
      <fieldset name="resources">
        <legend>Resources</legend>
        <div className="row-fields">
          <TextField label="CPUs" name="resources.cpus"  value={draft.cpus} onChange={(cpus) => update({ cpus })} error={errors['resources.cpus']} placeholder="e.g. 0.5" help={info ? `This host has ${info.hostCpus}.` : undefined} />
          <TextField label="Memory" name="resources.memory"  value={draft.memory} onChange={(memory) => update({ memory })} error={errors['resources.memory']} placeholder="e.g. 512m, 2g" help="At least 6m." />
          <TextField label="PIDs limit" name="resources.pidsLimit"  value={draft.pidsLimit} onChange={(pidsLimit) => update({ pidsLimit })} error={errors['resources.pidsLimit']} placeholder="e.g. 100" />
        </div>
      </fieldset>
      <fieldset name="ports" aria-describedby={errors.ports ? `${ids}-ports` : undefined}>
        <legend>Ports</legend>
        {errors.ports && <RowError id={`${ids}-ports`} text={errors.ports} />}
        <div className="create-rows">
          {draft.ports.map((p, i) => {
            const hostError = errors[`ports.${i}.hostPort`];
            const containerError = errors[`ports.${i}.containerPort`];
            return (
            <div key={i} className="create-row">
              <input aria-label={`Host port, row ${i + 1}`} name={`ports.${i}.hostPort`} inputMode="numeric" value={p.hostPort} disabled={p.anyFree} placeholder={p.anyFree ? 'any' : 'host'} aria-invalid={Boolean(hostError) || undefined} aria-describedby={hostError ? `${ids}-${i}-host` : undefined} onChange={(e) => setPort(i, { hostPort: e.target.value })} />
              <label className="check">
                <input type="checkbox" aria-label={`Any free port, row ${i + 1}`} checked={p.anyFree} onChange={(e) => setPort(i, { anyFree: e.target.checked, hostPort: e.target.checked ? '' : p.hostPort })} />
                Any free port
              </label>
              <span aria-hidden="true">→</span>
              <input aria-label={`Container port, row ${i + 1}`} name={`ports.${i}.containerPort`} inputMode="numeric" value={p.containerPort} placeholder="container" aria-invalid={Boolean(containerError) || undefined} aria-describedby={containerError ? `${ids}-${i}-container` : undefined} onChange={(e) => setPort(i, { containerPort: e.target.value })} />
              <select aria-label={`Protocol, row ${i + 1}`} value={p.protocol} onChange={(e) => setPort(i, { protocol: e.target.value as 'tcp' | 'udp' })}>
                <option value="tcp">tcp</option>
                <option value="udp">udp</option>
              </select>
              <button type="button" aria-label={`Remove port row ${i + 1}`} onClick={() => update({ ports: draft.ports.filter((_, j) => j !== i) })}>
                Remove
              </button>
              <RowError id={`${ids}-${i}-host`} text={hostError} />
              <RowError id={`${ids}-${i}-container`} text={containerError} />
            </div>
            );
          })}
          <button type="button" onClick={() => update({ ports: [...draft.ports, emptyPortRow()] })}>
            Add port
          </button>
        </div>
      </fieldset>
    </>
  );
}

const HARDENING: Array<{ key: 'readOnlyRootfs' | 'noNewPrivileges' | 'capDropAll' | 'noNetwork'; label: string; why: string }> = [
  { key: 'readOnlyRootfs', label: 'Read-only root filesystem', why: 'Only mounts (like the workspace) can be written.' },
  { key: 'noNewPrivileges', label: 'No new privileges', why: 'Programs cannot gain rights through setuid binaries.' },
  { key: 'capDropAll', label: 'Drop all capabilities', why: 'Root inside gets none of the kernel’s special powers.' },
  { key: 'noNetwork', label: 'No network', why: 'Only a loopback interface: nothing in, nothing out.' },
];

export function StorageStep({ draft, update, errors, info, policy }: StepProps) {
  const ids = useId();
  const bindsWhy = policy?.refused.binds;
  const defaultPath = info && draft.name.trim() ? `${info.workspacesRoot}/${draft.name.trim()}` : undefined;
  const setMount = (i: number, patch: Partial<CreateDraft['mounts'][number]>) => update({ mounts: draft.mounts.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  return (
    <>
      <fieldset name="workspace">
        <legend>Workspace</legend>
        <label className="check">
          <input type="checkbox" checked={draft.workspace} onChange={(e) => update({ workspace: e.target.checked })} />
          Mount a workspace folder (kept when the container is recreated)
        </label>
        {draft.workspace && (
          <div className="row-fields">
            <TextField label="Workspace folder on this machine" name="workspace.hostPath"  value={draft.workspaceHostPath} onChange={(workspaceHostPath) => update({ workspaceHostPath })} error={errors['workspace.hostPath']} mono placeholder={defaultPath ?? 'named after the container'} help={`Empty: a folder named after the container in Berth's data folder.${bindsWhy ? ` ${bindsWhy}` : ''}`} />
            <TextField label="Mounted at" name="workspace.containerPath"  value={draft.workspaceContainerPath} onChange={(workspaceContainerPath) => update({ workspaceContainerPath })} error={errors['workspace.containerPath']} mono />
          </div>
        )}
      </fieldset>
      <fieldset name="mounts" aria-describedby={bindsWhy ? `${ids}-binds` : undefined}>
        <legend>Other mounts</legend>
        {bindsWhy && (
          <p id={`${ids}-binds`} className="field-help">
            {bindsWhy}
          </p>
        )}
        <div className="create-rows">
          {draft.mounts.map((m, i) => (
            <div key={i} className="create-row">
              <select aria-label={`Mount type, row ${i + 1}`} value={m.type} onChange={(e) => setMount(i, { type: e.target.value as 'bind' | 'volume' })}>
                <option value="bind">host folder</option>
                <option value="volume">named volume</option>
              </select>
              <input aria-label={`Mount source, row ${i + 1}`} name={`mounts.${i}.source`} className="mono" value={m.source} placeholder={m.type === 'bind' ? '/host/path' : 'volume-name'} aria-invalid={Boolean(errors[`mounts.${i}.source`]) || undefined} aria-describedby={errors[`mounts.${i}.source`] ? `${ids}-mount-${i}` : undefined} onChange={(e) => setMount(i, { source: e.target.value })} />
              <span aria-hidden="true">→</span>
              <input aria-label={`Mount target, row ${i + 1}`} name={`mounts.${i}.target`} className="mono" value={m.target} placeholder="/in/container" aria-invalid={Boolean(errors[`mounts.${i}.target`]) || undefined} aria-describedby={errors[`mounts.${i}.target`] ? `${ids}-mount-${i}-target` : undefined} onChange={(e) => setMount(i, { target: e.target.value })} />
              <label className="check">
                <input type="checkbox" aria-label={`Read-only, row ${i + 1}`} checked={m.readOnly} onChange={(e) => setMount(i, { readOnly: e.target.checked })} />
                Read-only
              </label>
              <button type="button" aria-label={`Remove mount row ${i + 1}`} onClick={() => update({ mounts: draft.mounts.filter((_, j) => j !== i) })}>
                Remove
              </button>
              <RowError id={`${ids}-mount-${i}`} text={errors[`mounts.${i}.source`]} />
              <RowError id={`${ids}-mount-${i}-target`} text={errors[`mounts.${i}.target`]} />
            </div>
          ))}
          <button type="button" onClick={() => update({ mounts: [...draft.mounts, { type: 'bind', source: '', target: '', readOnly: false }] })}>
            Add mount
          </button>
        </div>
      </fieldset>
      <div className="row-fields">
        <Field label="Restart policy" error={errors.restart}>
          {({ id, describedBy }) => (
            <select id={id} name="restart" aria-describedby={describedBy} value={draft.restartPolicy} onChange={(e) => update({ restartPolicy: e.target.value as RestartPolicyName })}>
              <option value="no">no</option>
              <option value="always">always</option>
              <option value="unless-stopped">unless-stopped</option>
              <option value="on-failure">on-failure</option>
            </select>
          )}
        </Field>
        {draft.restartPolicy === 'on-failure' && <TextField label="Max retries" name="restart.maxRetries"  value={draft.maxRetries} onChange={(maxRetries) => update({ maxRetries })} error={errors['restart.maxRetries']} />}
        <Field label="Network" error={errors.network}>
          {({ id, describedBy, invalid }) => (
            <select id={id} name="network" aria-describedby={describedBy} aria-invalid={invalid || undefined} disabled={draft.noNetwork} value={draft.network} onChange={(e) => update({ network: e.target.value })}>
              <option value="">default (bridge)</option>
              {(info?.networks ?? []).filter((n) => n !== 'none' && n !== 'bridge').map((n) => (
                <option key={n} value={n} disabled={n === 'host' && Boolean(policy?.refused.hostNetwork) && draft.network !== 'host'}>
                  {n}
                  {n === 'host' && policy?.refused.hostNetwork ? ' (refused by this host)' : ''}
                </option>
              ))}
              {draft.network && !(info?.networks ?? []).includes(draft.network) && <option value={draft.network}>{draft.network}</option>}
            </select>
          )}
        </Field>
      </div>
      <fieldset name="hardening">
        <legend>Hardening</legend>
        {HARDENING.map((h) => (
          <label key={h.key} className="check create-hardening">
            <input type="checkbox" name={`hardening.${h.key}`} checked={draft[h.key]} onChange={(e) => update({ [h.key]: e.target.checked })} />
            <span>
              {h.label}
              <span className="muted"> — {h.why}</span>
            </span>
          </label>
        ))}
        {errors.hardening && <RowError text={errors.hardening} />}
      </fieldset>
      <HostAccess draft={draft} update={update} errors={errors} policy={policy} />
    </>
  );
}

const HOST_ACCESS: Array<{ key: 'privileged' | 'hostPid'; label: string; why: string }> = [
  { key: 'privileged', label: 'Privileged', why: 'Every device and capability: root on this machine.' },
  { key: 'hostPid', label: "Share this machine's processes (host PID namespace)", why: 'The container sees and can signal every process here.' },
];

/**
 * Settings that reach past the container into the machine. Where this host
 * refuses one, its reason stays beside the control (disabled unless the spec
 * already has it, so a pasted line can still be undone).
 */
function HostAccess({ draft, update, errors, policy }: Pick<StepProps, 'draft' | 'update' | 'errors' | 'policy'>) {
  const ids = useId();
  const refused = policy?.refused ?? {};
  return (
    <fieldset name="hostAccess">
      <legend>Host access</legend>
      {HOST_ACCESS.map((h) => {
        const why = refused[h.key];
        const error = errors[`hostAccess.${h.key}`];
        // The refusal's reason is already beside the control; other errors get their own line.
        const other = error && error !== why ? error : undefined;
        const describedBy = [why ? `${ids}-${h.key}-why` : '', other ? `${ids}-${h.key}-err` : ''].filter(Boolean).join(' ') || undefined;
        return (
          <div key={h.key} className="create-host-access">
            <label className="check create-hardening">
              <input type="checkbox" name={`hostAccess.${h.key}`} checked={draft[h.key]} disabled={Boolean(why) && !draft[h.key]} aria-invalid={Boolean(error) || undefined} aria-describedby={describedBy} onChange={(e) => update({ [h.key]: e.target.checked })} />
              <span>
                {h.label}
                <span className="muted"> — {h.why}</span>
              </span>
            </label>
            {why && (
              <span id={`${ids}-${h.key}-why`} className="field-help">
                {why}
              </span>
            )}
            <RowError id={`${ids}-${h.key}-err`} text={other} />
          </div>
        );
      })}
      <TextField
        label="Add capabilities" name="hostAccess.capAdd"
        value={draft.capAdd}
        onChange={(capAdd) => update({ capAdd })}
        error={errors['hostAccess.capAdd']}
        mono
        placeholder="e.g. NET_ADMIN"
        help={errors['hostAccess.capAdd'] && errors['hostAccess.capAdd'] === refused.capAdd ? undefined : (refused.capAdd ?? 'Separated by commas or spaces, as docker run --cap-add takes them.')}
      />
    </fieldset>
  );
}
