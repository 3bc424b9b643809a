import { loopback } from './loopback.ts';

const hopByHop = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * A loopback proxy in front of the real Elasticsearch that answers some `_bulk` items with
 * the item-level 429 a full write queue gives (`es_rejected_execution_exception`). Those
 * items are taken out of the request before it is forwarded, so a document the client does
 * not retry is really missing. `refuseRequest(n)` turns the n-th `_bulk` request (from 1) away
 * as a whole with the HTTP 429 Elasticsearch gives when its write queue is full. Everything
 * else goes through untouched.
 */
export async function bulk429Proxy(target: string, reject: (id: string, attempt: number) => boolean, refuseRequest: (n: number) => boolean = () => false) {
  const attempts = new Map<string, number>();
  const stats = { rejected: 0, bulkRequests: 0, refusedRequests: 0 };
  const server = await loopback(async (req, res) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !hopByHop.has(k)) as [string, string][]);
    let body = req.body;
    let plan: (object | null)[] | undefined;
    if (req.method === 'POST' && /\/_bulk(\?|$)/.test(req.url)) {
      stats.bulkRequests++;
      if (refuseRequest(stats.bulkRequests)) {
        stats.refusedRequests++;
        const reason = 'rejected execution of coordinating operation [queue capacity = 1]';
        res.writeHead(429, { 'content-type': 'application/vnd.elasticsearch+json; compatible-with=9', 'x-elastic-product': 'Elasticsearch' });
        return void res.end(JSON.stringify({ error: { root_cause: [{ type: 'es_rejected_execution_exception', reason }], type: 'es_rejected_execution_exception', reason }, status: 429 }));
      }
      const lines = body.split('\n').filter((l) => l !== '');
      const kept: string[] = [];
      plan = [];
      for (let i = 0; i < lines.length; i += 2) {
        const action = JSON.parse(lines[i]!) as { index: { _index: string; _id: string } };
        const attempt = (attempts.get(action.index._id) ?? 0) + 1;
        attempts.set(action.index._id, attempt);
        if (reject(action.index._id, attempt)) {
          stats.rejected++;
          plan.push({ index: { ...action.index, status: 429, error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation [queue capacity = 1]' } } });
        } else {
          kept.push(lines[i]!, lines[i + 1]!);
          plan.push(null);
        }
      }
      body = kept.length ? `${kept.join('\n')}\n` : '';
    }
    let status = 200;
    let answer: { took?: number; errors?: boolean; items?: object[] } = { took: 0, errors: false, items: [] };
    if (!plan || body !== '') {
      const forwarded = await fetch(`${target}${req.url}`, { method: req.method, headers, body: ['GET', 'HEAD'].includes(req.method) ? undefined : body });
      status = forwarded.status;
      const text = await forwarded.text();
      if (!plan || status >= 300) {
        res.writeHead(status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json', 'x-elastic-product': 'Elasticsearch' });
        return void res.end(text);
      }
      answer = JSON.parse(text);
    }
    const real = answer.items ?? [];
    const items = plan.map((injected) => injected ?? real.shift()!);
    res.writeHead(200, { 'content-type': 'application/vnd.elasticsearch+json; compatible-with=9', 'x-elastic-product': 'Elasticsearch' });
    res.end(JSON.stringify({ ...answer, errors: answer.errors || items.some((i) => 'error' in Object.values(i)[0]), items }));
  });
  return { url: server.url, stats, close: server.close };
}
