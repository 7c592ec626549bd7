import { z } from 'zod';
import { channel, method } from '../rpc/define';
import { ContainerRef, Empty, NoPush } from './common';
import { ErrorData } from './errors';
import { ExecUser, WorkingDir } from './terminals';

/**
 * The command runner: a command line or a multi-line script run with `sh -c`
 * in one or many containers, without a TTY, so stdout and stderr stay apart.
 */
export const Script = z
  .string()
  .max(100_000, 'the script is longer than 100,000 characters')
  .refine((s) => s.trim().length > 0, 'type a command to run');

export const RunInput = z.object({
  containers: z.array(ContainerRef).min(1, 'choose at least one container').max(100, 'at most 100 containers at once'),
  script: Script,
  /** Seconds; 0 means no timeout. */
  timeoutSeconds: z.number().int().min(0).max(86_400).default(60),
  user: ExecUser.optional(),
  workingDir: WorkingDir.optional(),
});
export type RunInput = z.input<typeof RunInput>;

export const OutputStream = z.enum(['stdout', 'stderr']);
export type OutputStream = z.infer<typeof OutputStream>;

export const RunOutcome = z.enum(['exited', 'timeout', 'cancelled', 'failed']);
export type RunOutcome = z.infer<typeof RunOutcome>;

export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), container: z.string(), id: z.string(), name: z.string() }),
  /** Output bytes beside the event, undecoded. `container` is the ref as given in the input. */
  z.object({ type: z.literal('output'), container: z.string(), stream: OutputStream }),
  z.object({
    type: z.literal('exit'),
    container: z.string(),
    outcome: RunOutcome,
    exitCode: z.number().int().nullable(),
    durationMs: z.number(),
    /** Why it failed, or a hint for exit codes 126/127. */
    error: ErrorData.optional(),
  }),
  /** Every container has finished. */
  z.object({ type: z.literal('done') }),
]);
export type RunEvent = z.infer<typeof RunEvent>;

/** Cancels one container's run, or all when `container` is left out. */
export const RunPush = z.object({ type: z.literal('cancel'), container: z.string().optional() });

export const JobInfo = z.object({
  id: z.string(),
  container: z.object({ id: z.string(), name: z.string() }),
  script: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  state: z.enum(['running', 'exited', 'killed', 'failed']),
  exitCode: z.number().int().nullable(),
  /** Bytes of output so far, and how many of the oldest were dropped to keep memory bounded. */
  outputBytes: z.number().int(),
  droppedBytes: z.number().int(),
  error: z.string().nullable(),
});
export type JobInfo = z.infer<typeof JobInfo>;

export const JobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('output'), stream: OutputStream }),
  z.object({ type: z.literal('replayed') }),
  z.object({ type: z.literal('info'), job: JobInfo }),
]);
export type JobEvent = z.infer<typeof JobEvent>;

const JobRef = z.object({ id: z.string().min(1).max(100) });

export const runnerContract = {
  /** Runs until every container finished; closing the channel kills whatever still runs. */
  'runner.run': channel({ input: RunInput, event: RunEvent, push: RunPush, engine: true }),
  /** Starts the script in the background in each container; output is kept (bounded) by the services. */
  'runner.startBackground': method(RunInput.omit({ timeoutSeconds: true }), z.array(JobInfo)),
  'runner.jobs': method(Empty, z.array(JobInfo)),
  /** The kept output, then live output and state changes. */
  'runner.jobOutput': channel({ input: JobRef, event: JobEvent, push: NoPush }),
  'runner.killJob': method(JobRef, JobInfo),
  /** Forgets a finished job and its output (kills it first if it still runs). */
  'runner.removeJob': method(JobRef, z.null()),
};
