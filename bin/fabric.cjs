#!/usr/bin/env node
// The `fabric` CLI runs the TypeScript sources directly through tsx, so there is no build step to forget.
require('tsx/cjs');
require('../cli/main.ts')
  .main(process.argv)
  .catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
