import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPipeline } from '../helpers/elasticsearch.ts';

let env: Awaited<ReturnType<typeof testPipeline>>;
beforeAll(async () => (env = await testPipeline()));
afterAll(() => env.cleanup());

describe('StateStore', () => {
  it('lists every value of a kind, past a page of 1,000, and deletes one', async () => {
    const keys = Array.from({ length: 2_345 }, (_, i) => `k${String(i).padStart(5, '0')}`);
    await env.pipeline.state.putMany([...keys.map((key, i) => ({ kind: 'many', key, value: { i } })), { kind: 'other', key: 'k0', value: {} }]);
    await env.client.indices.refresh({ index: env.names.index('state') });
    const listed = await env.pipeline.state.list<{ i: number }>('many');
    expect(listed.map((e) => e.key)).toEqual(keys);
    expect(listed.at(-1)!.value).toEqual({ i: 2_344 });

    expect(await env.pipeline.state.delete('many', 'k00007')).toBe(true);
    expect(await env.pipeline.state.delete('many', 'k00007')).toBe(false);
    expect((await env.pipeline.state.list('many')).length).toBe(2_344);
  });
});
