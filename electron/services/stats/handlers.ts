import { statsContract, type StatsSample } from '../../../shared/contract/stats';
import { implement, type Router } from '../../../shared/rpc/server';
import type { StatsHub } from './hub';

/** Samples of many containers are sent together at most this often. Why: 100 visible rows would otherwise mean 100 events a second. */
export const COALESCE_MS = 500;

export function statsHandlers(deps: { statsHub: StatsHub }): Router {
  return implement(statsContract, {
    'stats.watch': ({ ids, history }, ch) => {
      const hub = deps.statsHub;
      const pending = new Map<string, StatsSample>();
      let timer: NodeJS.Timeout | undefined;
      const flush = () => {
        timer = undefined;
        if (!pending.size) return;
        const samples = [...pending.values()];
        pending.clear();
        // Stats are a snapshot stream: when the client is behind, newer samples replace older ones here.
        ch.emit({ type: 'samples', samples });
      };
      const unique = [...new Set(ids)];
      if (history) {
        for (const id of unique) ch.emit({ type: 'history', id, samples: hub.history(id) });
      }
      const offs = unique.map((id) =>
        hub.subscribe(id, {
          sample(s) {
            pending.set(id, s);
            timer ??= setTimeout(flush, COALESCE_MS);
          },
          idle(reason) {
            pending.delete(id);
            ch.emit({ type: 'idle', id, reason });
          },
        }),
      );
      ch.onClose(() => {
        clearTimeout(timer);
        offs.forEach((off) => off());
      });
    },
  });
}
