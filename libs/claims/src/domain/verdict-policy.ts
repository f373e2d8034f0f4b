import { ClaimAttribution, stanceTowardClaim } from './claim-attribution';
import type { ClaimStatus, EvidenceAttachedData, VerdictReason } from './claim.events';
import type { ClaimEvidence } from './claim.state';
import { Publisher, PublisherRegistry, unratedPublisher } from './publisher';

/** The policy's thresholds (POLICY_* environment variables; README "Verdict policy"). */
export interface PolicyConfig {
  /** Independent publishers whose support corroborates a claim. */
  minIndependentSources: number;
  /** Reliability from which a refuting publisher is credible enough to deny a claim. */
  minCredibleReliability: number;
  /** Reliability assumed for a publisher the registry has not rated. */
  unratedReliability: number;
  /** Weight of a denial by the claim's own subject, relative to an independent refutation. */
  subjectDenialWeight: number;
  /** Support must exceed refutation times this factor to corroborate. */
  supportMargin: number;
  /**
   * Confidence (for the stance model: the calibrated disagree probability) from which a refutation
   * can deny; a weaker one is recorded, not weighed.
   */
  minDisagreeProbability: number;
  /**
   * Confidence (for the stance model: the calibrated agree probability) from which a supporting
   * finding counts towards corroboration; a weaker one is recorded, not counted.
   */
  minAgreeProbability: number;
  /**
   * Whether evidence from a publisher the registry has not rated may corroborate or deny. Off by
   * default: anyone can name a new publisher, so an unrated one is shown but not weighed.
   */
  unratedCanDecide: boolean;
}

export const DEFAULT_POLICY_CONFIG: PolicyConfig = {
  minIndependentSources: 2,
  minCredibleReliability: 0.6,
  unratedReliability: 0.5,
  subjectDenialWeight: 0.3,
  supportMargin: 1,
  minDisagreeProbability: 0.6,
  minAgreeProbability: 0.7,
  unratedCanDecide: false,
};

/**
 * Roles whose hand-attached evidence stands as the source it names: they may set verdicts
 * outright, so vouching for evidence gives them nothing they lack.
 */
const VOUCHING_ROLES: readonly string[] = ['editor', 'admin'];

/** What the policy weighs: the claim's evidence and how far corroboration has got. */
export interface PolicyInput {
  /** Plain `EvidenceAttachedData` reads as unconfirmed. */
  evidence: readonly ClaimEvidence[];
  /** Publisher id of the article that reported the claim: it cannot corroborate itself. */
  articlePublisher: string | null;
  /**
   * Publisher id of the claimant when it is a publisher ("Reuters reported that…"): its own
   * reporting, outlets repeating it and its owner group cannot corroborate its claim.
   */
  claimantPublisher?: string | null;
  /**
   * How the claim was attributed (default: a checkable assertion). Evidence stances are toward
   * the claim's text; a denial's are weighed the other way round, and a claim that is not
   * checkable is not weighed at all.
   */
  attribution?: Pick<ClaimAttribution, 'kind' | 'checkable'>;
  /** Whether a corroboration round has finished (every source answered, or its deadline passed). */
  corroborationFinished: boolean;
}

export interface PolicyVerdict {
  status: ClaimStatus;
  /** The decisive rule first, then what was recorded but weighed differently. */
  reasons: VerdictReason[];
}

/** Evidence of one independent source: an owner group, after repeats are traced back to the original. */
interface SourceGroup {
  ownerGroup: string;
  evidence: ClaimEvidence[];
  weight: number;
  /** Set when several groups were merged because one key attached them all by hand (unconfirmed). */
  attachedByKeys?: string[];
}

const format = (n: number) => n.toFixed(2);
const idsOf = (evidence: readonly EvidenceAttachedData[]) => evidence.map((e) => e.evidenceId);

/**
 * The person whose word the evidence is: the key that attached it by hand, or the key that posted
 * the archive article a worker read it from. Null for what a worker found on its own.
 */
function personBehind({ attachedBy }: ClaimEvidence): { keyId: string; role: string } | null {
  if (attachedBy.kind === 'person') return attachedBy;
  return attachedBy.postedBy ?? null;
}

/**
 * Whether evidence stands as the source it names: found by a worker's source in what nobody posted
 * by hand, attached or posted by an editor or admin, or confirmed by one. Otherwise it is one
 * person's word for what a page says.
 */
function vouchedFor(e: ClaimEvidence): boolean {
  const person = personBehind(e);
  return person === null || e.confirmedBy !== undefined || VOUCHING_ROLES.includes(person.role);
}

const attachingKey = (e: ClaimEvidence) => personBehind(e)?.keyId ?? null;

/**
 * The per-key cap: source groups backed only by unconfirmed evidence that people attached by hand
 * are merged when they share an attaching key, so one key adds at most one independent source (two
 * keys attaching into the same groups merge too: conservative, never more than one per key). A
 * group with any vouched-for evidence counts on its own.
 */
function capHandAttached(groups: SourceGroup[]): SourceGroup[] {
  const standing = groups.filter((g) => g.evidence.some(vouchedFor));
  let merged: { keys: Set<string>; groups: SourceGroup[] }[] = [];
  for (const group of groups.filter((g) => !standing.includes(g))) {
    const keys = new Set(group.evidence.map(attachingKey).filter((k): k is string => k !== null));
    const touching = merged.filter((m) => [...keys].some((k) => m.keys.has(k)));
    const union = {
      keys: new Set([...keys, ...touching.flatMap((m) => [...m.keys])]),
      groups: [...touching.flatMap((m) => m.groups), group],
    };
    merged = [...merged.filter((m) => !touching.includes(m)), union];
  }
  // Each merged source takes the place of its first group, so the order stays that of the evidence.
  const mergedAt = new Map<SourceGroup, SourceGroup>();
  for (const { keys, groups: unordered } of merged) {
    const parts = [...unordered].sort((a, b) => groups.indexOf(a) - groups.indexOf(b));
    const source =
      parts.length === 1
        ? parts[0]
        : {
            ownerGroup: parts.map((g) => g.ownerGroup).join(' + '),
            evidence: parts.flatMap((g) => g.evidence),
            weight: Math.max(...parts.map((g) => g.weight)),
            attachedByKeys: [...keys].sort(),
          };
    mergedAt.set(parts[0], source);
  }
  return groups.flatMap((g) => (standing.includes(g) ? g : (mergedAt.get(g) ?? [])));
}

/**
 * The verdict policy: a pure function of the claim's evidence, the publishers registry
 * and the policy thresholds, returning a status and the reasons for it.
 *
 * - corroborated: support from at least `minIndependentSources` independent publishers
 *   (one owner group counts once; an outlet repeating another counts as the original;
 *   the claim's own article publisher and its group, the claimant's own reporting when the
 *   claimant is a publisher (and its group), and the claim's subject speaking for itself,
 *   do not count; nor does support of confidence below `minAgreeProbability`) and support weight
 *   greater than refutation weight × `supportMargin`;
 * - denied: at least one credible independent refuter (reliability ≥
 *   `minCredibleReliability`, with a refutation of confidence ≥ `minDisagreeProbability`) and
 *   refutation weight greater than support weight; a denial
 *   by the claim's subject adds only `subjectDenialWeight` and never denies on its own;
 * - unverified: a corroboration round finished without either;
 * - reported: otherwise (still waiting for evidence).
 *
 * A source's weight is its publisher's reliability (unrated: `unratedReliability`) times
 * the evidence's confidence, the strongest piece per owner group.
 *
 * Trust: evidence from an unrated publisher (or repeating one) is shown, not weighed, unless
 * `unratedCanDecide` (`unrated-publisher-not-weighed`); unconfirmed evidence one key attached by
 * hand counts as one source at most (`same-key-counted-once`, see `capHandAttached`).
 *
 * The status says whether the claim holds as attributed: evidence stances are toward its text,
 * so for a denial (kind `denies`) support of the text counts as refutation of the claim and the
 * other way round (reason `denial-polarity`). A claim that is not checkable (an opinion, vow,
 * question or prediction, or a negated attribution) is `unverified` with reason `not-checkable`.
 */
export function verdictPolicy(input: PolicyInput, publishers: PublisherRegistry, config: PolicyConfig): PolicyVerdict {
  const attribution = input.attribution ?? { kind: 'asserts', checkable: true };
  if (!attribution.checkable)
    return { status: 'unverified', reasons: [notCheckableReason(attribution, input.evidence)] };
  if (attribution.kind !== 'denies') return weigh(input, publishers, config);
  // Stances are recorded toward the proposition; the denial is the claim, so weigh each the other way round.
  const evidence = input.evidence.map((e) => ({ ...e, stance: stanceTowardClaim(e.stance, attribution) }));
  const verdict = weigh({ ...input, evidence }, publishers, config);
  const flipped = input.evidence.filter((e) => e.stance !== 'neutral');
  if (flipped.length === 0) return verdict;
  const detail =
    'the claim denies its text: evidence supporting the text refutes the claim, evidence refuting the text supports it';
  return {
    ...verdict,
    reasons: [...verdict.reasons, { rule: 'denial-polarity', detail, evidenceIds: idsOf(flipped) }],
  };
}

/** The reason a claim that is not checkable stays unverified; its evidence is recorded, not weighed. */
export function notCheckableReason(
  attribution: Pick<ClaimAttribution, 'kind'>,
  evidence: readonly ClaimEvidence[],
): VerdictReason {
  const detail =
    `not a checkable statement of fact (kind ${attribution.kind}): an opinion, feeling, vow, question, prediction ` +
    'or negated attribution is recorded, not corroborated, and evidence is not weighed';
  return { rule: 'not-checkable', detail, evidenceIds: idsOf(evidence) };
}

function weigh(input: PolicyInput, publishers: PublisherRegistry, config: PolicyConfig): PolicyVerdict {
  const publisher = (id: string): Publisher => publishers[id] ?? unratedPublisher(id);
  const reliability = (id: string) => publisher(id).reliability ?? config.unratedReliability;
  const original = (e: ClaimEvidence) => e.repeats ?? e.publisher;
  const weight = (e: ClaimEvidence) => reliability(original(e)) * e.confidence;
  // An unrated outlet's word that it repeats a rated one is no better than the outlet itself.
  const unrated = (e: ClaimEvidence) =>
    publisher(e.publisher).reliability === null || publisher(original(e)).reliability === null;
  const articleGroup = input.articlePublisher ? publisher(input.articlePublisher).ownerGroup : null;
  const claimantGroup = input.claimantPublisher ? publisher(input.claimantPublisher).ownerGroup : null;

  const groupBySource = (evidence: ClaimEvidence[]): SourceGroup[] => {
    const groups = new Map<string, ClaimEvidence[]>();
    for (const e of evidence) {
      const group = publisher(original(e)).ownerGroup;
      groups.set(group, [...(groups.get(group) ?? []), e]);
    }
    const byOwnerGroup = [...groups].map(([ownerGroup, items]) => ({
      ownerGroup,
      evidence: items,
      weight: Math.max(...items.map(weight)),
    }));
    return capHandAttached(byOwnerGroup);
  };

  const notes: VerdictReason[] = [];
  const supporting = input.evidence.filter((e) => e.stance === 'supports');
  const ownReporting = supporting.filter((e) => publisher(original(e)).ownerGroup === articleGroup);
  if (ownReporting.length > 0) {
    notes.push({
      rule: 'own-article-excluded',
      detail:
        `support from the claim's own publisher (${input.articlePublisher}) or its owner group does not ` +
        `corroborate it`,
      evidenceIds: idsOf(ownReporting),
    });
  }
  // A source cannot corroborate itself: Reuters' claim is not confirmed by Reuters, by outlets repeating it, or by its
  // sister titles.
  const claimantReporting = supporting.filter(
    (e) => !ownReporting.includes(e) && publisher(original(e)).ownerGroup === claimantGroup,
  );
  if (claimantReporting.length > 0) {
    notes.push({
      rule: 'claimant-own-reporting-excluded',
      detail:
        `support from the claimant publisher (${input.claimantPublisher}), outlets repeating it or its owner ` +
        `group does not corroborate its own claim`,
      evidenceIds: idsOf(claimantReporting),
    });
  }
  const excluded = [...ownReporting, ...claimantReporting];
  // The claim's subject backing it (often the claimant itself: "we strictly control exports") is an interested party.
  const subjectStatements = supporting.filter((e) => e.subjectResponse === true && !excluded.includes(e));
  if (subjectStatements.length > 0) {
    notes.push({
      rule: 'subject-statement-not-independent',
      detail: "the claim's subject speaking for itself is recorded, not counted as corroboration",
      evidenceIds: idsOf(subjectStatements),
    });
  }
  // The subject speaking for itself is weighed by its own rule (never by reliability), rated or not.
  const notWeighed = config.unratedCanDecide
    ? []
    : input.evidence.filter(
        (e) => e.stance !== 'neutral' && e.subjectResponse !== true && !excluded.includes(e) && unrated(e),
      );
  if (notWeighed.length > 0) {
    notes.push({
      rule: 'unrated-publisher-not-weighed',
      detail:
        'evidence from publishers the registry has not rated (or repeating one) is shown, not weighed: it can ' +
        'neither corroborate nor deny (POLICY_UNRATED_CAN_DECIDE)',
      evidenceIds: idsOf(notWeighed),
    });
  }
  const counted = supporting.filter(
    (e) => !excluded.includes(e) && !subjectStatements.includes(e) && !notWeighed.includes(e),
  );
  const weakSupport = counted.filter((e) => e.confidence < config.minAgreeProbability);
  if (weakSupport.length > 0) {
    notes.push({
      rule: 'support-not-confident',
      detail: `support below confidence ${config.minAgreeProbability} is recorded but not counted`,
      evidenceIds: idsOf(weakSupport),
    });
  }
  const support = groupBySource(counted.filter((e) => !weakSupport.includes(e))).filter((g) => g.weight > 0);

  const refuting = input.evidence.filter((e) => e.stance === 'refutes' && !notWeighed.includes(e));
  const subjectDenials = refuting.filter((e) => e.subjectResponse === true);
  const independentRefuters = groupBySource(refuting.filter((e) => e.subjectResponse !== true));
  const credible = (e: ClaimEvidence) =>
    reliability(original(e)) >= config.minCredibleReliability && e.confidence >= config.minDisagreeProbability;
  const credibleRefuters = independentRefuters.filter((g) => g.evidence.some(credible));
  const notCredible = independentRefuters.filter((g) => !credibleRefuters.includes(g));
  if (notCredible.length > 0) {
    notes.push({
      rule: 'refuter-not-credible',
      detail:
        `refutation below reliability ${config.minCredibleReliability} or confidence ` +
        `${config.minDisagreeProbability} ` +
        'is recorded but not weighed',
      evidenceIds: notCredible.flatMap((g) => idsOf(g.evidence)),
    });
  }
  const subjectWeight =
    subjectDenials.length > 0 ? Math.max(...subjectDenials.map((e) => e.confidence)) * config.subjectDenialWeight : 0;
  if (subjectDenials.length > 0) {
    notes.push({
      rule: 'subject-denial',
      detail:
        `the claim's subject denies it; weighed ${format(subjectWeight)} (× ${config.subjectDenialWeight}), ` +
        `and it cannot deny the claim on its own`,
      evidenceIds: idsOf(subjectDenials),
    });
  }
  for (const group of [...support, ...credibleRefuters]) {
    if (group.attachedByKeys === undefined) continue;
    notes.push({
      rule: 'same-key-counted-once',
      detail:
        `evidence attached by hand, or read from archive articles posted, with one API key ` +
        `(${group.attachedByKeys.join(', ')}) and not confirmed by an ` +
        `editor counts as one source at most (${group.ownerGroup})`,
      evidenceIds: idsOf(group.evidence),
    });
  }
  const ownerGroups = [...support, ...credibleRefuters].filter((g) => g.attachedByKeys === undefined);
  for (const group of ownerGroups.filter((g) => g.evidence.length > 1)) {
    notes.push({
      rule: 'same-source-counted-once',
      detail: `reports from owner group ${group.ownerGroup} (including outlets repeating it) count as one source`,
      evidenceIds: idsOf(group.evidence),
    });
  }
  const repeats = input.evidence.filter((e) => e.repeats !== undefined && e.stance !== 'neutral');
  if (repeats.length > 0) {
    notes.push({
      rule: 'repeat-counts-as-original',
      detail:
        `reports that only repeat another outlet count as that outlet ` +
        `(${[...new Set(repeats.map(original))].join(', ')})`,
      evidenceIds: idsOf(repeats),
    });
  }
  const neutral = input.evidence.filter((e) => e.stance === 'neutral');
  if (neutral.length > 0) {
    notes.push({
      rule: 'neutral-evidence',
      detail: 'neither supports nor refutes the claim',
      evidenceIds: idsOf(neutral),
    });
  }

  const supportWeight = support.reduce((sum, g) => sum + g.weight, 0);
  const refutationWeight = credibleRefuters.reduce((sum, g) => sum + g.weight, 0) + subjectWeight;
  const balance = `support ${format(supportWeight)} vs refutation ${format(refutationWeight)}`;
  const sourcesOf = (groups: SourceGroup[]) => groups.map((g) => g.ownerGroup).join(', ');

  if (support.length >= config.minIndependentSources && supportWeight > refutationWeight * config.supportMargin) {
    const detail =
      `${support.length} independent sources support the claim (${sourcesOf(support)}); ${balance} × ` +
      `${config.supportMargin}`;
    return {
      status: 'corroborated',
      reasons: [
        { rule: 'independent-support', detail, evidenceIds: support.flatMap((g) => idsOf(g.evidence)) },
        ...notes,
      ],
    };
  }
  if (credibleRefuters.length > 0 && refutationWeight > supportWeight) {
    const detail = `credible sources refute the claim (${sourcesOf(credibleRefuters)}); ${balance}`;
    const evidenceIds = [...credibleRefuters.flatMap((g) => idsOf(g.evidence)), ...idsOf(subjectDenials)];
    return { status: 'denied', reasons: [{ rule: 'credible-refutation', detail, evidenceIds }, ...notes] };
  }
  const shortOf =
    `${support.length} of ${config.minIndependentSources} independent supporting sources, ` +
    `${credibleRefuters.length} credible refuting; ${balance}`;
  if (input.corroborationFinished) {
    return {
      status: 'unverified',
      reasons: [{ rule: 'corroboration-finished-inconclusive', detail: shortOf, evidenceIds: [] }, ...notes],
    };
  }
  return { status: 'reported', reasons: [{ rule: 'awaiting-evidence', detail: shortOf, evidenceIds: [] }, ...notes] };
}
