import { join } from 'node:path';
import { workflowBundleOption } from '../../../app/workflow-bundle';
import { RUN_DIR } from '../../helpers/run-dir';

describe('FABRIC_WORKFLOW_BUNDLE', () => {
  it('unset: the worker bundles workflows/ at start', () => {
    expect(workflowBundleOption(undefined)).toBeUndefined();
    expect(workflowBundleOption('')).toBeUndefined();
  });

  it('a missing file is refused with the command that builds it', () => {
    expect(() => workflowBundleOption('/nonexistent/bundle.js')).toThrow(
      'FABRIC_WORKFLOW_BUNDLE=/nonexistent/bundle.js: no such file; build it with `npm run build:workflows -- /nonexistent/bundle.js`',
    );
  });

  it("the suite's own bundle (built by globalSetup with bundleWorkflows) is taken as an absolute code path", () => {
    const path = join(RUN_DIR, 'workflow-bundle.js');
    expect(workflowBundleOption(path)).toEqual({ codePath: path });
  });
});
