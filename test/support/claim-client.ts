import type { InjectOptions } from 'fastify';
import { ApiHarness } from './api-harness';
import { authHeader } from './api-keys';

type Method = 'GET' | 'POST';

/** A thin HTTP client for the claim endpoints, as a newsroom frontend would call them. */
export function claimClient(api: ApiHarness, key: string) {
  const call = (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    api.app.inject({ method, url, headers: { ...authHeader(key), ...headers }, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
  return {
    call,
    report: (body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
      call('POST', '/claims', { text: 'Chinese companies are supplying attack drones to Russia', claimant: 'a western official', ...body }, headers),
    evidence: (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
      call('POST', `/claims/${id}/evidence`, { url: `https://${String(body.publisher).toLowerCase().replace(/\W+/g, '')}.example/${Math.random()}`, excerpt: 'an excerpt', ...body }, headers),
    verdict: (id: string, body: Record<string, unknown>, headers?: Record<string, string>) => call('POST', `/claims/${id}/verdict`, body, headers),
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
