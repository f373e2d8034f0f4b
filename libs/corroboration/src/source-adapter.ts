/** What a finding says about the claim. */
export type Stance = 'supports' | 'refutes' | 'neutral';

/** The claim as the source adapters see it: what to look for, and what to leave out. */
export interface ClaimToCorroborate {
  claimId: string;
  text: string;
  /** Who made the claim ("a western official"). */
  claimant: string;
  /** ISO 639-1 code, e.g. `en`. */
  language: string;
  /** URLs reported with the claim; the cited-urls source fetches them. */
  citedUrls: string[];
  /** The article the claim was reported from: never counted as its own corroboration. */
  article?: { url: string; publisher: string; title?: string };
  /** A later archive article that started this round (a re-check): read whatever its rank. */
  newReporting?: { url: string };
}

/** One piece of evidence a source found, with the reason for its stance. */
export interface SourceFinding {
  /** Publisher name or domain, as found (the policy resolves it against the registry). */
  publisher: string;
  url: string;
  /** The passage (or fact-check title) the stance was read from. */
  excerpt: string;
  stance: Stance;
  /** 0..1 */
  confidence: number;
  /** What decided the stance: the cue words, the rule, or the fact-checker's rating. */
  reason: string;
  /** ISO-8601 time the source was queried. */
  retrievedAt: string;
  /** The publisher whose reporting this one only repeats ("…, Reuters reported"): counts once. */
  repeats?: string;
  /** True when the passage is a response by the claim's own subject (e.g. its embassy). */
  subjectResponse?: boolean;
  /**
   * The API key that posted the text the finding was read from (an archive article posted through
   * `POST /articles`): the evidence is then that key's word and counts like evidence it attached by hand.
   */
  postedBy?: { keyId: string; role: string };
  /** Stable id of the finding within its source, so a retried job attaches it once. */
  sourceRef: string;
}

/**
 * A place to look for corroboration. `search` answers with what it found (possibly
 * nothing) and throws when it could not look; it must stop when `signal` aborts.
 */
export interface SourceAdapter {
  /** Stable source name, recorded as "how it was found" on the evidence. */
  readonly name: string;
  search(claim: ClaimToCorroborate, signal: AbortSignal): Promise<SourceFinding[]>;
}
