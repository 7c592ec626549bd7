import type { CreatePolicy } from '../../../shared/contract/create';
import type { ActivitySink } from '../activity/types';
import type { Engine } from '../engine/engine';
import type { CreateQueue } from './queue';
import type { TemplateStore } from './templates';

/** What the create area needs from Services: narrow, so tests can build it from a real Engine alone. */
export interface CreateDeps {
  engine: Engine;
  activity: ActivitySink;
  dataDir: string;
  /** What this host lets containers reach; applied on every create, whoever asks. */
  createPolicy: CreatePolicy;
  /** Creates on this engine, one at a time (see queue.ts). */
  createQueue: CreateQueue;
  templates: TemplateStore;
}
