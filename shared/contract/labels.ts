/**
 * Tags are plain Docker labels so that `docker inspect` and `docker ps --filter
 * label=berth.tag.NAME` see them too: one label per tag, empty value.
 */
export const TAG_LABEL_PREFIX = 'berth.tag.';
/** Set on containers Berth created, with the workspace folder's host path when it has one. */
export const WORKSPACE_LABEL = 'berth.workspace';

/**
 * Set on containers Berth created, with the id of the create operation: a
 * create whose answer was lost (the engine went away mid-call) is found by it,
 * so a retry returns that container instead of making a second one.
 */
export const OPERATION_LABEL = 'berth.operation';
export const OPERATION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export const TAG_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

export function tagsFromLabels(labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .filter((k) => k.startsWith(TAG_LABEL_PREFIX) && k.length > TAG_LABEL_PREFIX.length)
    .map((k) => k.slice(TAG_LABEL_PREFIX.length))
    .sort();
}

export function labelsForTags(tags: readonly string[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [TAG_LABEL_PREFIX + t, '']));
}

/** Labels without the tag labels, for showing "other labels" beside tags. */
export function plainLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith(TAG_LABEL_PREFIX)));
}
