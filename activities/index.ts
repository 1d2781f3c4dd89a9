import type { ActivityDeps } from './deps';
import { systemActivities } from './system';

/** Every activity the worker registers; workflows import only this type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...systemActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
