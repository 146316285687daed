// The ESM entry of the installed package.
import * as ladder from 'ladder-client';
import { run, guard } from './scenario.mjs';

guard(60000);
const resolved = import.meta.resolve('ladder-client');
if (!resolved.endsWith('/src/ladder-client.js')) throw new Error(`import resolved to ${resolved}`);
await run(ladder, 'esm');
