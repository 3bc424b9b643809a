/**
 * Regenerates dashboards/kibana/rykte.ndjson (the saved objects for the default index prefix)
 * from dashboards/panels.ts. A test fails when the committed file differs from what this writes.
 *   npx tsx scripts/kibana-objects.ts
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { savedObjects, toNdjson } from '../dashboards/kibana/objects.ts';

export const committedFile = join(import.meta.dirname, '..', 'dashboards', 'kibana', 'rykte.ndjson');

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(committedFile, toNdjson(savedObjects('rykte')));
  console.log(`wrote ${committedFile}`);
}
