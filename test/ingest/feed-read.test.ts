import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedReadError, readFeed } from '../../ingest/feed-read.ts';

const inputs = join(import.meta.dirname, '..', 'fixtures', 'rss-real', 'input');

describe('readFeed', () => {
  it('reads each real feed cut off anywhere as a feed or a worded FeedReadError, never a parser TypeError', async () => {
    const outcomes = new Set<string>();
    for (const name of (await readdir(inputs)).sort()) {
      const xml = await readFile(join(inputs, name), 'latin1');
      // 25 cuts per feed, from the first bytes to the last.
      for (let i = 1; i <= 25; i++) {
        const cut = xml.slice(0, Math.floor((xml.length * i) / 26));
        try {
          readFeed(cut, 'https://feeds.example/feed');
          outcomes.add('feed');
        } catch (error) {
          expect(error, `${name} cut at ${cut.length}`).toBeInstanceOf(FeedReadError);
          expect((error as Error).message).toMatch(/^(not RSS, RDF or Atom|malformed or incomplete XML)/);
          outcomes.add((error as Error).message.split(' (')[0]!.split(':')[0]!);
        }
      }
    }
    expect([...outcomes].sort()).toEqual(['feed', 'malformed or incomplete XML', 'not RSS, RDF or Atom']);
  });
});
