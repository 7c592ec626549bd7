import { runnerContract } from '../../../shared/contract/runner';
import { terminalsContract } from '../../../shared/contract/terminals';
import { implement, mergeRouters, type Router } from '../../../shared/rpc/server';
import type { JobManager } from './jobs';
import type { TerminalDeps, TerminalManager } from './manager';

export type TerminalsHandlerDeps = { terminals: TerminalManager; jobs: JobManager } & Pick<TerminalDeps, 'engine' | 'activity'>;
import { runOnChannel } from './run-channel';

export function terminalsHandlers({ terminals, jobs, engine, activity }: TerminalsHandlerDeps): Router {
  return mergeRouters(
    implement(terminalsContract, {
      'terminals.capabilities': () => ({ hostShell: terminals.hostShellAllowed }),
      'terminals.create': (input, ctx) => terminals.create(input, ctx.client.id),
      'terminals.list': () => terminals.list(),
      'terminals.stream': ({ id, replay }, ch) => terminals.stream(id, replay, ch),
      'terminals.resize': async ({ id, cols, rows }) => (await terminals.resize(id, cols, rows), null),
      'terminals.signal': async ({ id, signal }) => (await terminals.signal(id, signal), null),
      'terminals.rename': ({ id, title }) => terminals.rename(id, title),
      'terminals.close': async ({ id }) => (await terminals.close(id), null),
      'terminals.settings': () => terminals.getSettings(),
      'terminals.setSettings': (input) => terminals.setSettings(input),
    }),
    implement(runnerContract, {
      'runner.run': (input, ch) => runOnChannel({ engine, activity }, input, ch),
      'runner.startBackground': (input, ctx) => jobs.start(input, ctx.client.id),
      'runner.jobs': () => jobs.list(),
      'runner.jobOutput': ({ id }, ch) => jobs.view(id, ch),
      'runner.killJob': ({ id }) => jobs.kill(id),
      'runner.removeJob': async ({ id }) => (await jobs.remove(id), null),
    }),
  );
}
