import type { ContainerRow } from '../../../../shared/contract/containers';

/** A running container row, for the containers feature's unit tests; `row({...})` varies it. */
export const baseRow: ContainerRow = {
  id: 'a'.repeat(64),
  name: 'web',
  image: 'nginx:1',
  state: 'running',
  health: null,
  statusText: 'Up 2 minutes',
  createdAt: 1_000,
  startedAt: 10_000,
  finishedAt: null,
  restartCount: 0,
  exitCode: null,
  error: null,
  oomKilled: false,
  ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIp: '0.0.0.0' }],
  labels: { 'berth.tag.frontend': '', team: 'blue' },
  command: 'nginx -g daemon off;',
};
export const row = (over: Partial<ContainerRow>): ContainerRow => ({ ...baseRow, ...over });
