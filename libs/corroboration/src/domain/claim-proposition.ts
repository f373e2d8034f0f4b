/**
 * "There is clear evidence (now) that …", "It is clear that …": a frame saying how sure the
 * claimant is, not what the claim is about. Its words ("clear", "evidence") are not the
 * claim's topic, so a text about the claim need not share them.
 */
const EVIDENTIAL_FRAME =
  /^\s*(?:there\s+(?:is|was|are|were|has\s+been|have\s+been)\s+(?:(?:clear|strong|credible|compelling|growing|new|mounting|ample|solid|no)\s+){0,2}(?:evidence|proof|signs?|indications?)(?:\s+now)?\s+that\s+|it\s+(?:is|was|has\s+been)\s+(?:now\s+)?(?:clear|evident|certain|obvious|beyond\s+doubt)\s+that\s+)/i;

/** What a claim asserts, without its leading evidential frame: "Chinese companies are supplying …". */
export function propositionOf(claim: string): string {
  const rest = claim.replace(EVIDENTIAL_FRAME, '');
  return rest.trim().length > 0 ? rest : claim;
}
