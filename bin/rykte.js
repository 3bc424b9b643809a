#!/usr/bin/env node
// rykte is written in TypeScript and run through tsx's loader, so there is no build step
// between `npm install` and `npm start`. Costs ~150 ms of start-up for the compile cache.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// V8 lets the heap grow to ~4× what is live before a full collection when the process keeps
// busy (an import): ~100 MB live became ~420 MB of heap. Growing by at most 30% keeps peak
// memory near what is live, for a few more full collections. Read at every collection, so
// setting it here (after start-up) takes effect.
setFlagsFromString(`--heap-growing-percent=${process.env.RYKTE_HEAP_GROWING_PERCENT ?? 30}`);
register();
await import('../cli/main.ts');
