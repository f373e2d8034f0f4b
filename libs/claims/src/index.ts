/**
 * @claimtrail/claims — the claim aggregate (a pure decider over its events), the
 * verdict policy, and the CQRS commands and queries the API and workers send.
 */
export * from './domain/claim.events';
export type * from './domain/claim.commands';
export { claimDecider, decide, canTransition } from './domain/claim.decider';
export { evolve, foldClaim, initialState } from './domain/claim.state';
export type { ClaimState, ClaimFacts, CorroborationRound, ExistingClaim, NoClaim } from './domain/claim.state';
export { verdictPolicy, DEFAULT_POLICY_CONFIG } from './domain/verdict-policy';
export type { PolicyConfig, PolicyInput, PolicyVerdict } from './domain/verdict-policy';
export { unratedPublisher } from './domain/publisher';
export type { Publisher, PublisherRegistry } from './domain/publisher';
