import { credentialActivities } from './credentials';
import type { ActivityDeps } from './deps';
import { mappingActivities } from './mapping';
import { pushActivities } from './push';
import { syncActivities } from './sync';
import { systemActivities } from './system';
import { webhookActivities } from './webhook';

/** Every activity the worker registers; workflows import only this type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...systemActivities(deps),
    ...webhookActivities(deps),
    ...syncActivities(deps),
    ...pushActivities(deps),
    ...mappingActivities(deps),
    ...credentialActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
