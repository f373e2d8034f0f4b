/**
 * A publisher as the verdict policy sees it. `ownerGroup` decides independence (two
 * outlets of one group count once); `reliability` 0..1 weights its evidence, `null`
 * means unrated (the policy then uses its configured `unratedReliability`).
 */
export interface Publisher {
  id: string;
  name: string;
  domain: string | null;
  ownerGroup: string;
  reliability: number | null;
}

/** The registry entries relevant to one decision, by publisher id. */
export type PublisherRegistry = Readonly<Record<string, Publisher>>;

/** A publisher the registry does not know: unrated, in an owner group of its own. */
export function unratedPublisher(id: string): Publisher {
  return { id, name: id, domain: null, ownerGroup: id, reliability: null };
}
