#!/usr/bin/env node
// rykte is written in TypeScript and run through tsx's loader, so there is no build step
// between `npm install` and `npm start`. Costs ~150 ms of start-up for the compile cache.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
