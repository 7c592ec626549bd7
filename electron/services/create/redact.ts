import type { CreateSpec } from '../../../shared/contract/create';

/** Spec for the activity log: env values may be secrets, so only their keys are kept. */
export function redactSpec(spec: CreateSpec): Record<string, unknown> {
  const { env, ...rest } = spec;
  return env ? { ...rest, env: Object.fromEntries(Object.keys(env).map((k) => [k, '***'])) } : { ...rest };
}
