// The CommonJS entry of the installed package.
const ladder = require('ladder-client');

const resolved = require.resolve('ladder-client');
if (!resolved.endsWith('/dist/ladder-client.cjs')) throw new Error(`require resolved to ${resolved}`);
import('./scenario.mjs').then(({ run, guard }) => {
  guard(60000);
  return run(ladder, 'cjs');
}).catch(error => {
  console.error(error);
  process.exitCode = 1;
});
