import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.ts';
import { sourceWarnings } from '../../ingest/warnings.ts';

const sources = (list: Record<string, unknown>[]) => parseConfig({ sources: list }, 'r.yml').sources;

describe('source warnings', () => {
  it('is silent for the defaults', () => {
    expect(sourceWarnings(sources([{ type: 'import', name: 'a', path: 'f' }]))).toEqual([]);
  });

  it('warns when one request may take as long as the poll interval', () => {
    expect(sourceWarnings(sources([{ type: 'import', name: 'a', path: 'f', intervalSecs: 30 }]))).toEqual([
      ['sources[0].timeoutSecs', 'one request may take 30s, as long as intervalSecs (30s): polls are skipped while it hangs'],
    ]);
    expect(sourceWarnings(sources([{ type: 'import', name: 'a', path: 'f', intervalSecs: 30, timeoutSecs: 10 }]))).toEqual([]);
    expect(sourceWarnings(sources([{ type: 'import', name: 'a', path: 'f', intervalSecs: 30, schedule: '* * * * *' }]))).toEqual([]);
  });

  it('warns when streamed tweets would wait long to be indexed', () => {
    const twitter = { type: 'twitter', name: 'x', bearerToken: 'token-123456', queries: ['fjällvind'], stream: true };
    expect(sourceWarnings(sources([{ ...twitter, intervalSecs: 900 }]))).toEqual([
      ['sources[0].intervalSecs', 'streamed tweets are indexed at each run: with intervalSecs 900 they wait up to that long to be searchable'],
    ]);
    expect(sourceWarnings(sources([{ ...twitter, intervalSecs: 60 }]))).toEqual([]);
  });
});
