import { activityContract } from '../../../shared/contract/activity';
import { BerthError } from '../../../shared/contract/errors';
import { implement, type Router } from '../../../shared/rpc/server';
import type { Services } from '../index';
import { matches, readActivity } from './reader';
import { isActivityFeed, type ActivityFeed } from './types';

function feedOf(services: Pick<Services, 'activity'>): ActivityFeed {
  if (!isActivityFeed(services.activity)) {
    throw new BerthError('unsupported', 'This activity log cannot be read back');
  }
  return services.activity;
}

export function activityHandlers(services: Pick<Services, 'activity'>): Router {
  return implement(activityContract, {
    'activity.list': async ({ limit, ...filter }) => readActivity(feedOf(services).files(), filter, limit),
    'activity.watch': (filter, ch) => {
      const off = feedOf(services).onAppend((r) => {
        if (matches(r, filter)) ch.emit(r);
      });
      ch.onClose(off);
    },
  });
}
