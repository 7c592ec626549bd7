import { z } from 'zod';
import { ContainerState } from '../../../../shared/contract/containers';
import type { SortState } from '../../components/table/DataTable';
import type { Filter } from './view-model';

/**
 * The containers view's filter and sort as kept across view switches and
 * reloads (app/persisted.ts). Checked when read back: storage is input too.
 */
const FilterShape = z.object({
  text: z.string().max(1000),
  state: z.union([ContainerState, z.literal('all'), z.literal('active')]),
  tag: z.string().max(1000),
});
// Any column id the table may have (extensions add their own); an id no column has sorts by nothing.
const SortShape = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), desc: z.boolean() });

export const FILTER_KEY = 'berth.containers.filter';
export const SORT_KEY = 'berth.containers.sort';
export const DEFAULT_FILTER: Filter = { text: '', state: 'all', tag: '' };
export const DEFAULT_SORT: SortState = { id: 'name', desc: false };
export const isFilter = (v: unknown): v is Filter => FilterShape.safeParse(v).success;
export const isSort = (v: unknown): v is SortState => SortShape.safeParse(v).success;
