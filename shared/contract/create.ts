import { z } from 'zod';
import { channel, method } from '../rpc/define';
import { ContainerRef, Empty, NoPush } from './common';
import { ErrorData } from './errors';
import { OPERATION_ID_PATTERN, TAG_PATTERN } from './labels';

/**
 * The one description of a container to create: the wizard, templates, batch
 * files and edits all speak it. Sizes stay as Docker-style strings ("512m") so
 * a spec written by hand reads like a `docker run` line; shared/create turns it
 * into an Engine request.
 */

export const CONTAINER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** POSIX-style names: shells and most programs can read these back. */
export const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const MEMORY_PATTERN = /^\d+(\.\d+)?\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$/i;

export const PortProtocol = z.enum(['tcp', 'udp']);
export type PortProtocol = z.infer<typeof PortProtocol>;

export const PortSpec = z.object({
  /** Omitted: the engine picks any free host port. */
  hostPort: z.number().int().min(1).max(65535).optional(),
  containerPort: z.number().int().min(1).max(65535),
  protocol: PortProtocol.optional(),
  /** Defaults to every interface, as `docker run -p` does. */
  hostIp: z.string().max(64).optional(),
});
export type PortSpec = z.infer<typeof PortSpec>;

export const MountSpec = z.object({
  /** bind: a host folder or file; volume: a named volume (created by the engine when missing). */
  type: z.enum(['bind', 'volume']),
  source: z.string().min(1).max(4096),
  target: z.string().min(1).max(4096),
  readOnly: z.boolean().optional(),
});
export type MountSpec = z.infer<typeof MountSpec>;

export const WorkspaceSpec = z.object({
  /** Omitted: `<dataDir>/workspaces/<container name>`. */
  hostPath: z.string().min(1).max(4096).optional(),
  /** Defaults to /app. */
  containerPath: z.string().min(1).max(4096).optional(),
});
export type WorkspaceSpec = z.infer<typeof WorkspaceSpec>;

export const RestartPolicyName = z.enum(['no', 'always', 'unless-stopped', 'on-failure']);
export type RestartPolicyName = z.infer<typeof RestartPolicyName>;

export const HardeningSpec = z.object({
  readOnlyRootfs: z.boolean().optional(),
  noNewPrivileges: z.boolean().optional(),
  capDropAll: z.boolean().optional(),
  noNetwork: z.boolean().optional(),
});
export type HardeningSpec = z.infer<typeof HardeningSpec>;

/** A kernel capability as `docker run --cap-add` takes it (NET_ADMIN, CAP_SYS_PTRACE, ALL). */
export const CAPABILITY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{1,47}$/;

/**
 * Settings that reach past the container into the host. A host may refuse
 * them (see CreatePolicy): the web host does unless started with a flag.
 */
export const HostAccessSpec = z.object({
  /** Every device and capability: root on the host. */
  privileged: z.boolean().optional(),
  capAdd: z.array(z.string().regex(CAPABILITY_PATTERN, 'not a capability name, e.g. NET_ADMIN')).max(64).optional(),
  /** The host's PID namespace: the container sees and signals every process on the machine. */
  hostPid: z.boolean().optional(),
});
export type HostAccessSpec = z.infer<typeof HostAccessSpec>;

export const CreateSpec = z
  .object({
    image: z.string().min(1, 'Choose an image').max(512),
    name: z.string().max(128).optional(),
    /** argv, already split: the shell-style text of the form is split by shared/create/shell-words. */
    command: z.array(z.string()).optional(),
    entrypoint: z.array(z.string()).optional(),
    workingDir: z.string().max(4096).optional(),
    user: z.string().max(256).optional(),
    env: z.record(z.string(), z.string()).optional(),
    tags: z.array(z.string().regex(TAG_PATTERN, 'letters, digits, _ . - only (up to 63)')).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    resources: z
      .object({
        cpus: z.number().positive().max(1024).optional(),
        memory: z.string().regex(MEMORY_PATTERN, 'a size such as 512m or 2g').optional(),
        pidsLimit: z.number().int().min(1).max(4_194_304).optional(),
      })
      .optional(),
    ports: z.array(PortSpec).max(200).optional(),
    workspace: WorkspaceSpec.optional(),
    mounts: z.array(MountSpec).max(100).optional(),
    restart: z
      .object({ policy: RestartPolicyName, maxRetries: z.number().int().min(0).max(1000).optional() })
      .optional(),
    network: z.string().max(256).optional(),
    hardening: HardeningSpec.optional(),
    hostAccess: HostAccessSpec.optional(),
    tty: z.boolean().optional(),
    interactive: z.boolean().optional(),
    /** Start after create; default on. */
    start: z.boolean().optional(),
  })
  .strict();
export type CreateSpec = z.infer<typeof CreateSpec>;

export const ImageSummary = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  sizeBytes: z.number(),
  createdAt: z.number(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

export const CreateInfo = z.object({
  /** Where default workspace folders go: `<dataDir>/workspaces`. */
  workspacesRoot: z.string(),
  hostCpus: z.number().int(),
  hostMemoryBytes: z.number(),
  /** The engine refuses smaller memory limits. */
  minMemoryBytes: z.number(),
  networks: z.array(z.string()),
});
export type CreateInfo = z.infer<typeof CreateInfo>;

/**
 * What this host lets a container reach on the machine, with the reason for
 * each refusal worded for the field it concerns. The wizard shows it before
 * the user submits; the services enforce it on every create regardless.
 */
export const CreatePolicy = z.object({
  /** Folders every bind source (the workspace included) must lie in once links are followed; null: anywhere. */
  bindRoots: z.array(z.string()).nullable(),
  /** The reason for each setting this host refuses; a setting not named is allowed. */
  refused: z.object({
    binds: z.string().optional(),
    privileged: z.string().optional(),
    capAdd: z.string().optional(),
    hostPid: z.string().optional(),
    hostNetwork: z.string().optional(),
  }),
  /** The engine's socket on this machine, when the engine is local: binding it hands the engine to the container. */
  engineSocket: z.string().optional(),
});
export type CreatePolicy = z.infer<typeof CreatePolicy>;

/** A bind the user should confirm before create: the host's root, the engine socket, a system folder. */
export const BindWarning = z.object({ field: z.string(), message: z.string() });
export type BindWarning = z.infer<typeof BindWarning>;

export const CreateResult = z.object({
  id: z.string(),
  name: z.string(),
  started: z.boolean(),
  workspacePath: z.string().optional(),
  warnings: z.array(z.string()),
});
export type CreateResult = z.infer<typeof CreateResult>;

export const LayerProgress = z.object({
  id: z.string(),
  status: z.string(),
  current: z.number().optional(),
  total: z.number().optional(),
});
export type LayerProgress = z.infer<typeof LayerProgress>;

export const PullEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    /** The engine's last overall line, e.g. "Pulling from berth-pull-test". */
    status: z.string(),
    layers: z.array(LayerProgress),
    currentBytes: z.number(),
    totalBytes: z.number(),
  }),
  z.object({ type: z.literal('done'), status: z.string(), layers: z.array(LayerProgress) }),
]);
export type PullEvent = z.infer<typeof PullEvent>;

export const Change = z.object({
  /** The spec path, e.g. `resources.memory`, `env.FOO`, `ports`. */
  field: z.string(),
  label: z.string(),
  old: z.string(),
  new: z.string(),
  /** The engine can apply this one in place (same ID, no restart). */
  live: z.boolean(),
});
export type Change = z.infer<typeof Change>;

export const EditMode = z.enum(['none', 'live', 'recreate']);
export type EditMode = z.infer<typeof EditMode>;

export const EditPlan = z.object({
  mode: EditMode,
  changes: z.array(Change),
  /** Shown before Apply, e.g. "The container restarts: it is running now". */
  notes: z.array(z.string()),
});
export type EditPlan = z.infer<typeof EditPlan>;

export const EditResult = z.object({ id: z.string(), name: z.string(), mode: EditMode });
export type EditResult = z.infer<typeof EditResult>;

/** The steps of an edit that replaces the container, in the order they run. */
export const RecreateStep = z.enum(['create', 'stop', 'start', 'remove', 'rename']);
export type RecreateStep = z.infer<typeof RecreateStep>;

export const RecreateStepState = z.enum(['running', 'done', 'skipped', 'failed']);
export type RecreateStepState = z.infer<typeof RecreateStepState>;

export const EditEvent = z.discriminatedUnion('type', [
  /** Sent once the checks pass, before anything changes: the steps that will run (none for a live edit). */
  z.object({ type: z.literal('plan'), mode: EditMode, steps: z.array(RecreateStep) }),
  z.object({
    type: z.literal('step'),
    step: RecreateStep,
    state: RecreateStepState,
    /** With `failed`: what the edit left behind once it had rolled back what it could, in words. */
    left: z.string().max(2000).optional(),
  }),
  z.object({ type: z.literal('done'), result: EditResult }),
]);
export type EditEvent = z.infer<typeof EditEvent>;

export const TemplateId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
export const Template = z.object({
  id: TemplateId,
  name: z.string().min(1).max(100),
  description: z.string().max(500).optional(),
  builtin: z.boolean(),
  spec: CreateSpec,
});
export type Template = z.infer<typeof Template>;

/** One problem in a batch file: which entry, which field, why. */
export const BatchIssue = z.object({
  index: z.number().int(),
  name: z.string().optional(),
  field: z.string().optional(),
  message: z.string(),
});
export type BatchIssue = z.infer<typeof BatchIssue>;

export const BatchItemState = z.enum(['waiting', 'pulling', 'creating', 'starting', 'done', 'failed']);
export type BatchItemState = z.infer<typeof BatchItemState>;

export const BatchEvent = z.discriminatedUnion('type', [
  /** Validation failed: nothing was created. */
  z.object({ type: z.literal('invalid'), issues: z.array(BatchIssue) }),
  z.object({ type: z.literal('plan'), items: z.array(z.object({ index: z.number().int(), name: z.string() })) }),
  z.object({
    type: z.literal('item'),
    index: z.number().int(),
    state: BatchItemState,
    id: z.string().optional(),
    error: ErrorData.optional(),
  }),
  z.object({ type: z.literal('done'), created: z.number().int(), failed: z.number().int() }),
]);
export type BatchEvent = z.infer<typeof BatchEvent>;

export const BatchInput = z.object({
  /** JSON or YAML: a list of specs, or `{ containers: [...] }`. */
  text: z.string().min(1, 'The file is empty').max(2_000_000),
  /** How many containers are created at once; 2 cores gain little beyond a few. */
  concurrency: z.number().int().min(1).max(4).optional(),
});

export const createContract = {
  'create.info': method(Empty, CreateInfo),
  /** What this host lets containers reach (binds, privileged, capabilities, host namespaces), and why not. */
  'create.policy': method(Empty, CreatePolicy),
  'create.images': method(z.object({ search: z.string().max(200).optional() }), z.array(ImageSummary)),
  /**
   * Every problem the engine (or this host's policy) would refuse, found before
   * creating anything: one per field; `confirm` lists binds to confirm first.
   */
  'create.check': method(
    z.object({ spec: CreateSpec, editingId: ContainerRef.optional() }),
    z.object({ errors: z.array(ErrorData), imagePresent: z.boolean(), confirm: z.array(BindWarning) }),
  ),
  /**
   * `operationId`: the same for every retry of one create; a retry after a lost
   * answer returns the container the first try made instead of a second one.
   */
  'create.create': method(
    z.object({ spec: CreateSpec, operationId: z.string().regex(OPERATION_ID_PATTERN, '8 to 64 letters, digits, _ or -').optional() }),
    CreateResult,
  ),
  /** Pulls an image; closing the channel cancels the pull. */
  'create.pull': channel({ input: z.object({ ref: z.string().min(1).max(512) }), event: PullEvent, push: NoPush, engine: true }),
  /** The container as a spec, for the edit form. */
  'create.specOf': method(z.object({ id: ContainerRef }), z.object({ id: z.string(), spec: CreateSpec, state: z.string() })),
  'create.planEdit': method(z.object({ id: ContainerRef, spec: CreateSpec }), EditPlan),
  'create.applyEdit': method(z.object({ id: ContainerRef, spec: CreateSpec }), EditResult),
  /**
   * The same edit, reporting each step of a replacement as it happens; a
   * failure ends the channel with the error (at its field). Closing the
   * channel stops the reports, not the edit: half an edit is worse than none.
   */
  'create.applyEditSteps': channel({ input: z.object({ id: ContainerRef, spec: CreateSpec }), event: EditEvent, push: NoPush, engine: true }),
  'create.templates': method(Empty, z.array(Template)),
  'create.saveTemplate': method(
    z.object({ name: z.string().trim().min(1, 'Give the template a name').max(100), description: z.string().max(500).optional(), spec: CreateSpec }),
    Template,
  ),
  'create.deleteTemplate': method(z.object({ id: TemplateId }), z.null()),
  /** Validates every entry first; creates only when all are valid. */
  'create.batch': channel({ input: BatchInput, event: BatchEvent, push: NoPush, engine: true }),
};
