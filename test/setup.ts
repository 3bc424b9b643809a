import { beforeEach } from 'vitest';
import { setLogSink } from '../log/logger.ts';

/** Log lines of the current test, parsed; tests assert on named events instead of printing. */
export const logLines: Record<string, any>[] = [];
setLogSink({ write: (line) => void logLines.push(JSON.parse(line)) });
beforeEach(() => {
  logLines.length = 0;
});
