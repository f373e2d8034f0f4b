import type { InjectOptions } from 'fastify';
import { ApiHarness } from './api-harness';
import { authHeader } from './api-keys';

type Method = 'GET' | 'POST';

/** The highest write position each API has returned to the tests: what "the user has seen". */
const seenPositions = new WeakMap<ApiHarness, number>();

/** Reads of the claim_status read model take `minPosition` (read-your-writes). */
const READ_MODEL_PATH = /^\/claims(\/[0-9a-f-]{36})?(\?|$)/;

/**
 * A thin HTTP client for the claim endpoints, as a newsroom frontend would call them:
 * it remembers the position of every write and passes it as `minPosition` on reads of
 * the read model, so a test reads its own writes.
 */
export function claimClient(api: ApiHarness, key: string) {
  const call = async (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const seen = seenPositions.get(api);
    const target =
      method === 'GET' && seen !== undefined && READ_MODEL_PATH.test(url) && !url.includes('minPosition=')
        ? `${url}${url.includes('?') ? '&' : '?'}minPosition=${seen}`
        : url;
    const res = await api.app.inject({
      method,
      url: target,
      headers: { ...authHeader(key), ...headers },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
    const position =
      method === 'POST' && res.statusCode < 300 ? (res.json() as { position?: unknown }).position : undefined;
    if (typeof position === 'number') seenPositions.set(api, Math.max(position, seen ?? 0));
    return res;
  };
  return {
    call,
    report: (body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
      call(
        'POST',
        '/claims',
        { text: 'Chinese companies are supplying attack drones to Russia', claimant: 'a western official', ...body },
        headers,
      ),
    evidence: (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
      call(
        'POST',
        `/claims/${id}/evidence`,
        {
          url: defaultEvidenceUrl(String(body.publisher)),
          excerpt: 'an excerpt',
          ...body,
        },
        headers,
      ),
    verdict: (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
      call('POST', `/claims/${id}/verdict`, body, headers),
    get: (id: string) => call('GET', `/claims/${id}`),
    events: (id: string) => call('GET', `/claims/${id}/events`),
    publisher: (body: Record<string, unknown>) => call('POST', '/publishers', body),
  };
}

/** Publishers with the ratings the life-cycle tests rely on. */
export const TEST_PUBLISHERS = [
  { id: 'sky-news', name: 'Sky News', domain: 'news.sky.com', ownerGroup: 'comcast', reliability: 0.8 },
  { id: 'reuters', name: 'Reuters', domain: 'reuters.com', ownerGroup: 'thomson-reuters', reliability: 0.9 },
  { id: 'bbc', name: 'BBC', domain: 'bbc.co.uk', ownerGroup: 'bbc', reliability: 0.85 },
  { id: 'ap', name: 'Associated Press', domain: 'apnews.com', ownerGroup: 'associated-press', reliability: 0.9 },
  { id: 'le-monde', name: 'Le Monde', domain: 'lemonde.fr', ownerGroup: 'le-monde', reliability: 0.9 },
];

/**
 * A page on the publisher's own domain (a publisher counts as itself only for URLs there): the
 * registered domain of a TEST_PUBLISHERS entry named by id or name, else `<name>.example`.
 */
function defaultEvidenceUrl(publisher: string): string {
  const known = TEST_PUBLISHERS.find((p) => p.id === publisher || p.name.toLowerCase() === publisher.toLowerCase());
  const host = known?.domain ?? `${publisher.toLowerCase().replace(/\W+/g, '')}.example`;
  return `https://${host}/${Math.random()}`;
}
