// A worker thread starts without the CLI's TypeScript loader (bin/rykte.js registers it for the
// main thread only): register tsx here too, then hand piscina the task.
import { register } from 'tsx/esm/api';

register();
export default (await import('./pool-task.ts')).default;
