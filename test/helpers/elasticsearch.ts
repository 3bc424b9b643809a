import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { inject } from 'vitest';
import { parseConfig } from '../../config/load.ts';
import { setupIndices } from '../../index/setup.ts';
import { assemblePipeline } from '../../cli/context.ts';

export const elasticsearchUrl = () => inject('elasticsearchUrl');

/**
 * A pipeline on the real test cluster under a fresh index prefix, with templates installed.
 * `raw` is what rykte.yml would hold. Call `cleanup()` in afterAll.
 */
export async function testPipeline(raw: Record<string, any> = {}, baseDir = tmpdir()) {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const config = parseConfig(
    { ...raw, elasticsearch: { indexPrefix: prefix, deadLetterFile: join(baseDir, `${prefix}-deadletter.jsonl`), ...raw.elasticsearch } },
    join(baseDir, 'rykte.yml'),
  );
  const client = new Client({ node: elasticsearchUrl() });
  const pipeline = await assemblePipeline(config, client, { refresh: true });
  const names = pipeline.names;
  await setupIndices(client, names);
  return {
    pipeline,
    client,
    names,
    prefix,
    async cleanup() {
      await deletePrefix(prefix, client);
      await client.close();
    },
  };
}

/** Remove every index and template under a prefix from the test cluster. */
export async function deletePrefix(prefix: string, client = new Client({ node: elasticsearchUrl() })) {
  // Deleting by wildcard is refused (action.destructive_requires_name): list, then delete.
  const indices = await client.cat.indices({ index: `${prefix}-*`, h: 'index', format: 'json' });
  if (indices.length) await client.indices.delete({ index: indices.map((i) => i.index!) });
  await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
}
