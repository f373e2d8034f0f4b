/**
 * What bench:api sends: each measured path's autocannon load, and the request bodies. Built in
 * the load generator's process (load-generator.ts) from the ids the bench seeded, and used by
 * the bench itself to seed and to count round trips.
 */
import type autocannon from 'autocannon';

export type Load = Pick<autocannon.Options, 'method' | 'headers' | 'requests' | 'body'> & { expect: number };

/** A path's load: the URL path autocannon opens, and what it sends. */
export interface PathLoad {
  path: string;
  load: Load;
}

/** What the loads need from the seeding: a reporter's API key and claims to read and attach evidence to. */
export interface LoadContext {
  key: string;
  claimIds: string[];
}

let counter = 0;
const unique = () => `${process.pid}-${counter++}`;

export const json = { 'content-type': 'application/json' };

/** A new claim's body; the text is unique per request. */
export function claimBody(): string {
  const n = unique();
  return JSON.stringify({
    text: `Bench claim ${n}: the ministry said the convoy had crossed the border at dawn on Tuesday`,
    claimant: 'a western official',
    citedUrls: [],
  });
}

/** An evidence finding's body; the URL is unique per request. */
export function evidenceBody(): string {
  const n = unique();
  return JSON.stringify({
    publisher: 'reuters',
    url: `https://www.reuters.com/world/bench-${n}`,
    excerpt: `Officials confirmed the convoy crossed the border at dawn (${n}).`,
    stance: 'supports',
    confidence: 0.8,
  });
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

/** A copy of `items` in random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The references' loads, by name: the same for the Fastify and the Nest no-op. */
export const NOOP_LOADS: Record<string, PathLoad> = {
  'noop GET': { path: '/noop', load: { expect: 200, method: 'GET' } },
  'noop POST': { path: '/noop', load: { expect: 201, method: 'POST', headers: json, body: claimBody() } },
};

/** The API's measured paths, by name. */
export function apiLoads({ key, claimIds }: LoadContext): Record<string, PathLoad> {
  const auth = { authorization: `Bearer ${key}` };
  return {
    'POST /claims': {
      path: '/claims',
      load: {
        expect: 201,
        requests: [
          { method: 'POST', headers: { ...json, ...auth }, setupRequest: (r) => ({ ...r, body: claimBody() }) },
        ],
      },
    },
    'POST /claims/:id/evidence': {
      path: '/claims',
      load: {
        expect: 200,
        requests: [
          {
            method: 'POST',
            headers: { ...json, ...auth },
            setupRequest: (r) => ({ ...r, path: `/claims/${pick(claimIds)}/evidence`, body: evidenceBody() }),
          },
        ],
      },
    },
    'GET /claims/:id': {
      path: '/claims',
      load: {
        expect: 200,
        // Built once, in a random order, as the no-op's request is: a setupRequest per GET costs the load
        // generator ~0.015 ms, on the two cores the API shares with it, that the reference does not pay.
        requests: shuffled(claimIds).map((id) => ({ method: 'GET', headers: auth, path: `/claims/${id}` })),
      },
    },
    'GET /claims?status=reported': {
      path: '/claims?status=reported&limit=20',
      load: { expect: 200, method: 'GET', headers: auth },
    },
    'GET /health': { path: '/health', load: { expect: 200, method: 'GET' } },
  };
}
