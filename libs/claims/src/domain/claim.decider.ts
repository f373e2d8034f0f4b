import { IllegalTransition, NotFound } from '@claimtrail/errors';
import type {
  ClaimCommand,
  DecisionContext,
  AttachEvidence,
  AttachEvidenceBatch,
  ConfirmEvidence,
  FinishCorroboration,
  MarkDuplicate,
  ReportClaim,
  RequestCorroboration,
  SetEditorVerdict,
  WithdrawEditorVerdict,
} from './claim.commands';
import type { ClaimEvent, ClaimStatus, VerdictReason } from './claim.events';
import { ClaimState, evolve, ExistingClaim, initialState } from './claim.state';
import { attributionOf } from './claim-attribution';
import { notCheckableReason, verdictPolicy } from './verdict-policy';

/**
 * Whether the state machine allows `from` → `to`: out of `reported` to any other status, among the rest freely, never
 * back.
 */
export function canTransition(from: ClaimStatus, to: ClaimStatus): boolean {
  switch (to) {
    case 'reported':
      return false;
    case 'corroborated':
    case 'denied':
    case 'unverified':
      return from !== to;
    default: {
      const unknown: never = to;
      throw new Error(`Unknown status ${String(unknown)}`);
    }
  }
}

function existing(state: ClaimState, claimId: string): ExistingClaim {
  if (state.status === 'none') throw new NotFound('Claim', claimId);
  return state;
}

function open(state: ClaimState, claimId: string): ExistingClaim {
  const claim = existing(state, claimId);
  if (claim.duplicateOf) {
    throw new IllegalTransition(
      'claim-is-duplicate',
      `Claim ${claim.claimId} is a duplicate of ${claim.duplicateOf}; change that claim instead`,
    );
  }
  return claim;
}

function requireReason(reason: string, what: string): void {
  if (reason.trim().length === 0) throw new IllegalTransition('verdict-requires-reason', `${what} must give a reason`);
}

/**
 * The status the claim should have after `events`: the editor's verdict while one is in
 * force, else the verdict policy's. A claim never returns to `reported`: once settled,
 * evidence that no longer settles it makes it `unverified`.
 */
function followStatus(state: ExistingClaim, events: ClaimEvent[], context: DecisionContext): ClaimEvent[] {
  const next = events.reduce(evolve, state) as ExistingClaim;
  let to: ClaimStatus;
  let reasons: VerdictReason[];
  let by: 'policy' | 'editor' = 'policy';
  if (next.editorVerdict) {
    to = next.editorVerdict.status;
    reasons = [{ rule: 'editor-verdict', detail: next.editorVerdict.reason, evidenceIds: [] }];
    by = 'editor';
  } else {
    const verdict = verdictPolicy(
      {
        evidence: next.evidence,
        articlePublisher: next.article?.publisher ?? null,
        claimantPublisher: next.claimantPublisher ?? null,
        attribution: next.attribution,
        corroborationFinished: next.corroboration.some((round) => round.outcome !== null),
      },
      context.publishers,
      context.policy,
    );
    to = verdict.status;
    reasons = verdict.reasons;
    if (to === 'reported' && next.status !== 'reported') {
      to = 'unverified';
      reasons = [
        { rule: 'never-back-to-reported', detail: 'the evidence no longer settles the claim', evidenceIds: [] },
        ...reasons,
      ];
    }
  }
  if (to !== next.status)
    return [...events, { type: 'ClaimStatusChanged', data: { from: next.status, to, reasons, by } }];
  // A settled status whose grounds changed (another source, the subject's own statement) restates them.
  if (to !== 'reported' && groundsOf(reasons) !== groundsOf(next.reasons)) {
    return [...events, { type: 'StatusReasonsRevised', data: { status: to, reasons, by } }];
  }
  return events;
}

/**
 * What reasons rest on: their rules and evidence, and an editor's words — not the policy's
 * details, whose weights move with every piece of evidence.
 */
function groundsOf(reasons: VerdictReason[]): string {
  return JSON.stringify(
    reasons.map((r) => [r.rule, [...r.evidenceIds].sort(), r.rule === 'editor-verdict' ? r.detail : null]),
  );
}

function reportClaim(command: ReportClaim, state: ClaimState): ClaimEvent[] {
  if (state.status !== 'none')
    throw new IllegalTransition('claim-already-reported', `Claim ${command.claimId} was already reported`);
  const { claimId, text, claimant, claimantPublisher, article, citedUrls, language, now, corroboration } = command;
  const attribution = attributionOf(command.attribution ?? {});
  const data = {
    claimId,
    text,
    claimant,
    ...(claimantPublisher ? { claimantPublisher } : {}),
    attribution,
    ...(article ? { article } : {}),
    citedUrls,
    language,
    reportedAt: now.toISOString(),
  };
  const events: ClaimEvent[] = [{ type: 'ClaimReported', data }];
  // An opinion, vow or prediction is recorded, but no evidence can settle it: no round, and it is unverified at once.
  if (!attribution.checkable) {
    events.push({
      type: 'ClaimStatusChanged',
      data: { from: 'reported', to: 'unverified', reasons: [notCheckableReason(attribution, [])], by: 'policy' },
    });
  } else if (corroboration && corroboration.sources.length > 0) {
    events.push({
      type: 'CorroborationRequested',
      data: { ...corroboration, deadline: corroboration.deadline.toISOString() },
    });
  }
  return events;
}

function attachEvidence(command: AttachEvidence, state: ClaimState): ClaimEvent[] {
  const claim = existing(state, command.claimId);
  const { evidence } = command;
  // Workers retry: the same evidence (by id, or by publisher, URL and stance) is attached once.
  const known = claim.evidence.some(
    (e) =>
      e.evidenceId === evidence.evidenceId ||
      (e.publisher === evidence.publisher && e.url === evidence.url && e.stance === evidence.stance),
  );
  if (known) return [];
  open(claim, command.claimId);
  return followStatus(claim, [{ type: 'EvidenceAttached', data: evidence }], command.context);
}

function attachEvidenceBatch(command: AttachEvidenceBatch, state: ClaimState): ClaimEvent[] {
  existing(state, command.claimId);
  const events: ClaimEvent[] = [];
  let current = state;
  for (const evidence of command.evidence) {
    const decided = attachEvidence(
      { type: 'AttachEvidence', claimId: command.claimId, evidence, context: command.context, now: command.now },
      current,
    );
    current = decided.reduce(evolve, current);
    events.push(...decided);
  }
  return events;
}

function confirmEvidence(command: ConfirmEvidence, state: ClaimState): ClaimEvent[] {
  const claim = existing(state, command.claimId);
  const evidence = claim.evidence.find((e) => e.evidenceId === command.evidenceId);
  if (!evidence) throw new NotFound('Evidence', command.evidenceId);
  if (evidence.confirmedBy) return [];
  open(claim, command.claimId);
  // A worker's finding stands on its own unless it was read from an article someone posted by hand.
  if (evidence.attachedBy.kind === 'worker' && !evidence.attachedBy.postedBy) {
    throw new IllegalTransition(
      'evidence-needs-no-confirmation',
      `Evidence ${evidence.evidenceId} was found by the ${evidence.attachedBy.source} source, not attached by hand`,
    );
  }
  requireReason(command.reason, 'Confirming evidence');
  const { keyId, role } = command.by;
  const confirmedBy = { keyId, role, reason: command.reason, confirmedAt: command.now.toISOString() };
  return followStatus(
    claim,
    [{ type: 'EvidenceConfirmed', data: { evidenceId: evidence.evidenceId, confirmedBy } }],
    command.context,
  );
}

function requestCorroboration(command: RequestCorroboration, state: ClaimState): ClaimEvent[] {
  const claim = open(state, command.claimId);
  const { request, now } = command;
  if (claim.corroboration.some((round) => round.requestId === request.requestId)) return [];
  if (!claim.attribution.checkable) {
    throw new IllegalTransition(
      'claim-not-checkable',
      `Claim ${claim.claimId} is not checkable (${claim.attribution.kind}): there is nothing to corroborate; an ` +
        `editor may still give a verdict`,
    );
  }
  const running = claim.corroboration.find((round) => round.outcome === null && new Date(round.deadline) > now);
  if (running) {
    throw new IllegalTransition(
      'corroboration-in-progress',
      `Corroboration ${running.requestId} is still running (deadline ${running.deadline})`,
    );
  }
  if (request.sources.length === 0)
    throw new IllegalTransition('corroboration-needs-sources', 'Corroboration needs at least one source');
  return [{ type: 'CorroborationRequested', data: { ...request, deadline: request.deadline.toISOString() } }];
}

function finishCorroboration(command: FinishCorroboration, state: ClaimState): ClaimEvent[] {
  const claim = existing(state, command.claimId);
  const round = claim.corroboration.find((r) => r.requestId === command.requestId);
  if (!round)
    throw new IllegalTransition(
      'corroboration-not-requested',
      `No corroboration ${command.requestId} was requested for this claim`,
    );
  if (round.outcome) return [];
  const { requestId, answered, failed, timedOut } = command;
  const finished: ClaimEvent = { type: 'CorroborationFinished', data: { requestId, answered, failed, timedOut } };
  // A duplicate still records how its last round ended; its status just stops following.
  return claim.duplicateOf ? [finished] : followStatus(claim, [finished], command.context);
}

function setEditorVerdict(command: SetEditorVerdict, state: ClaimState): ClaimEvent[] {
  const claim = open(state, command.claimId);
  requireReason(command.reason, 'An editor verdict');
  const status = command.status;
  if (status === 'reported')
    throw new IllegalTransition('never-back-to-reported', 'A verdict must be corroborated, denied or unverified');
  if (claim.editorVerdict?.status === status && claim.editorVerdict.reason === command.reason) return [];
  return followStatus(claim, [{ type: 'EditorVerdictSet', data: { status, reason: command.reason } }], command.context);
}

function withdrawEditorVerdict(command: WithdrawEditorVerdict, state: ClaimState): ClaimEvent[] {
  const claim = open(state, command.claimId);
  if (!claim.editorVerdict)
    throw new IllegalTransition('no-verdict-to-withdraw', 'There is no editor verdict to withdraw');
  requireReason(command.reason, 'Withdrawing a verdict');
  return followStatus(claim, [{ type: 'EditorVerdictWithdrawn', data: { reason: command.reason } }], command.context);
}

function markDuplicate(command: MarkDuplicate, state: ClaimState): ClaimEvent[] {
  const claim = existing(state, command.claimId);
  const { target } = command;
  if (claim.duplicateOf === target.claimId) return [];
  open(claim, command.claimId);
  requireReason(command.reason, 'Marking a duplicate');
  if (target.claimId === claim.claimId)
    throw new IllegalTransition('duplicate-of-itself', 'A claim cannot duplicate itself');
  if (!target.exists) throw new NotFound('Claim', target.claimId);
  if (target.duplicateOf) {
    throw new IllegalTransition(
      'duplicate-of-duplicate',
      `Claim ${target.claimId} is itself a duplicate of ${target.duplicateOf}; mark it a duplicate of that one`,
    );
  }
  return [{ type: 'ClaimMarkedDuplicate', data: { duplicateOf: target.claimId, reason: command.reason } }];
}

/**
 * Decides which events a command produces on a claim, or throws the rule it breaks
 * (`IllegalTransition` with a rule code, `NotFound` for a claim that does not exist).
 * An empty result means the command was already applied (a retry).
 */
export function decide(command: ClaimCommand, state: ClaimState): ClaimEvent[] {
  switch (command.type) {
    case 'ReportClaim':
      return reportClaim(command, state);
    case 'AttachEvidence':
      return attachEvidence(command, state);
    case 'AttachEvidenceBatch':
      return attachEvidenceBatch(command, state);
    case 'ConfirmEvidence':
      return confirmEvidence(command, state);
    case 'RequestCorroboration':
      return requestCorroboration(command, state);
    case 'FinishCorroboration':
      return finishCorroboration(command, state);
    case 'SetEditorVerdict':
      return setEditorVerdict(command, state);
    case 'WithdrawEditorVerdict':
      return withdrawEditorVerdict(command, state);
    case 'MarkDuplicate':
      return markDuplicate(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/** The claim aggregate as an Emmett-style decider. */
export const claimDecider = { decide, evolve, initialState };
