// The workflow bundle's entry: every workflow the worker runs is exported here. Deterministic code only.
export { systemCheckWorkflow } from './system';
