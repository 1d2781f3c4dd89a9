/** Workflow and schedule IDs come from business keys, so a second start finds the first (docs/DECISIONS.md). */
export const syncWorkflowId = (configId: string) => `sync:${configId}`;
export const pushWorkflowId = (configId: string, model: string, key: string) => `push:${configId}:${model}:${key}`;
export const syncScheduleId = (configId: string) => `sync-schedule:${configId}`;
