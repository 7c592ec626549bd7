import { z } from 'zod';
import { ContainerState } from '../../../../shared/contract/containers';
import type { Filter, SortSpec } from './view-model';

/**
 * The containers view's filter and sort as kept across view switches and
 * reloads (app/persisted.ts). Checked when read back: storage is input too.
 */
const FilterShape = z.object({
  text: z.string().max(1000),
  state: z.union([ContainerState, z.literal('all'), z.literal('active')]),
  tag: z.string().max(1000),
});
const SortShape = z.object({
  key: z.enum(['name', 'image', 'state', 'uptime', 'restarts', 'exit', 'ports', 'created']),
  dir: z.enum(['asc', 'desc']),
});

export const FILTER_KEY = 'berth.containers.filter';
export const SORT_KEY = 'berth.containers.sort';
export const DEFAULT_FILTER: Filter = { text: '', state: 'all', tag: '' };
export const DEFAULT_SORT: SortSpec = { key: 'name', dir: 'asc' };
export const isFilter = (v: unknown): v is Filter => FilterShape.safeParse(v).success;
export const isSort = (v: unknown): v is SortSpec => SortShape.safeParse(v).success;
