// What `require('connectivity-fabric/client')` loads. The sources are TypeScript with no build step (like
// bin/fabric.cjs), so tsx's scoped require compiles them on load; the host service's own module loading is untouched.
// Types come from client/index.ts (package.json "exports" → "types").
'use strict';
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('./index.ts', __filename);
