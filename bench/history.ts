/**
 * A generated history at a mid-size brand's pace, in the import format: one mention every 30 s
 * (1,000,000 span eleven months) with the demo config's brands, topics and staff: 30% replies
 * (mostly to the last two hours' posts, 1 in 50 to any earlier post), 15% reposts, 10% shared
 * links (some to blog posts in the data), 3% copies of a recent post's text. Deterministic.
 *
 *   npx tsx bench/history.ts [mentions=100000] [dir=.]     (files of 100,000 lines)
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { templates } from '../scripts/demo-texts.ts';

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2025, 11, 1);
const STEP_MS = 30_000;
const sentences = [...templates.sv, ...templates.en].map(([, s]) => s.replace('{brand}', 'Fjällvind').replace('{brands}', 'Fjällvinds').replace('{jacket}', 'Vindjacka Pro').replace('{tent}', 'Lätt-tält 2'));
const staffHandles = ['annalindqvist', 'erikjohansson', 'sara_designar'];
// Made-up words so texts built from the same sentence stay apart (Jaccard well under 0.5).
const vocabulary = Array.from({ length: 5000 }, (_, i) => `ord${i.toString(36)}`);

/** Files of `linesPerFile` import-format lines, `n` mentions in all. */
export async function writeHistory(dir: string, n: number, linesPerFile = 100_000): Promise<string[]> {
  const random = prng(20261201);
  const int = (k: number) => Math.floor(random() * k);
  const files: string[] = [];
  const texts: string[] = [];
  let out: ReturnType<typeof createWriteStream> | undefined;
  for (let i = 0; i < n; i++) {
    if (i % linesPerFile === 0) {
      if (out) await new Promise((r) => out!.end(r));
      files.push(join(dir, `part-${files.length}.jsonl`));
      out = createWriteStream(files.at(-1)!);
    }
    const line: Record<string, unknown> = {
      platform: 'x',
      id: String(i),
      author: { id: `u${int(50_000)}`, handle: i % 400 === 0 ? staffHandles[int(3)] : `user${int(50_000)}`, followers: int(5000) },
      publishedAt: new Date(START + i * STEP_MS).toISOString(),
    };
    const kind = random();
    // A parent among the last ~2 hours' posts, or (1 in 50) anywhere earlier: outside the working set.
    const parent = () => String(random() < 0.02 ? int(i) : Math.max(0, i - 1 - int(240)));
    let text = `${sentences[int(sentences.length)]} ${Array.from({ length: 8 }, () => vocabulary[int(vocabulary.length)]).join(' ')}`;
    if (i > 0 && kind < 0.3) line.replyTo = parent();
    else if (i > 0 && kind < 0.45) ((line.repostOf = parent()), (text = ''));
    else if (kind < 0.55) line.links = [`https://blogg${int(2000)}.example/inlagg/${int(20)}?utm_source=x`];
    else if (kind < 0.57) ((line.platform = 'rss'), (line.url = `https://blogg${int(2000)}.example/inlagg/${int(20)}`), (line.title = text.slice(0, 40)));
    else if (i > 0 && kind < 0.6) text = texts[int(texts.length)]!;
    line.text = text;
    if (text) texts[i % 500] = text;
    if (!out!.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((r) => out!.once('drain', () => r()));
  }
  await new Promise((r) => out!.end(r));
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await writeHistory(process.argv[3] ?? '.', Number(process.argv[2] ?? 100_000));
  console.log(files.join('\n'));
}
