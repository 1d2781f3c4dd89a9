// The workflow bundle's entry: every workflow the worker runs is exported here. Deterministic code only.
export { systemCheckWorkflow } from './system';
export { syncWorkflow, progressQuery } from './sync';
export { pushWorkflow, pushStateQuery, decidePushUpdate } from './push';
export { scheduledSyncWorkflow } from './scheduled-sync';
export { credentialUpkeepWorkflow } from './credential-upkeep';
export { webhookWorkflow } from './webhook';
export { webhookBatchWorkflow } from './webhook-batch';
export { mappingWorkflow, mappingStateQuery, decideMappingUpdate } from './mapping';
