import { bundleWorkflows } from '../app/workflow-bundle';

/** `npm run build:workflows [-- out.js]`: writes the workflow bundle workers load with FABRIC_WORKFLOW_BUNDLE. */
const out = process.argv[2] ?? '.data/workflow-bundle.js';
bundleWorkflows(out).then(
  (path) => console.log(`workflow bundle written to ${path}; start workers with FABRIC_WORKFLOW_BUNDLE=${path}`),
  (err: Error) => {
    console.error(`bundling workflows failed: ${err.message}`);
    process.exit(1);
  },
);
