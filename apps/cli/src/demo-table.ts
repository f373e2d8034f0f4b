import type { ClaimAttribution, ClaimStatus } from '@claimtrail/claims';
import type { DemoClaim } from './demo-flow';

const STATUS_ORDER: ClaimStatus[] = ['corroborated', 'denied', 'unverified', 'reported'];

/** `text` cut to `width` characters, with an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
}

/** `text` broken into lines of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest.length > 0;) {
      const room = line ? width - line.length - 1 : width;
      if (rest.length <= room) {
        line = line ? `${line} ${rest}` : rest;
        rest = '';
      } else if (line && rest.length <= width) {
        lines.push(line);
        line = '';
      } else {
        const cut = Math.max(1, room);
        line = line ? `${line} ${rest.slice(0, cut)}` : rest.slice(0, cut);
        rest = rest.slice(cut);
        lines.push(line);
        line = '';
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The claim as attributed: "denies: Kyiv had any involvement", "predicts: …", "not asserts: …"
 * for a negated attribution; a plain assertion shows its text alone.
 */
export function attributedStatement(statement: string, attribution: ClaimAttribution): string {
  if (attribution.negated) return `not ${attribution.kind}: ${statement}`;
  return attribution.kind === 'asserts' ? statement : `${attribution.kind}: ${statement}`;
}

/**
 * The demo's table: one row per claim (status, claimant and attribution verb, the claim
 * with its attribution kind, cut to fit), grouped by status, and under each row the reasons for its status.
 */
export function renderClaimsTable(claims: DemoClaim[], width = 120): string {
  const statusWidth = Math.max(6, ...claims.map((c) => c.status.length));
  const claimantWidth = Math.min(36, Math.max(8, ...claims.map((c) => `${c.claimant} (${c.attributionVerb})`.length)));
  const claimWidth = Math.max(20, width - statusWidth - claimantWidth - 4);
  const whyIndent = ' '.repeat(statusWidth + 2);
  const whyWidth = Math.max(20, width - whyIndent.length - 2);

  const sorted = [...claims].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  const row = (status: string, claimant: string, claim: string) =>
    `${status.padEnd(statusWidth)}  ${claimant.padEnd(claimantWidth)}  ${claim}`.trimEnd();
  const lines = [
    row('STATUS', 'CLAIMANT', 'CLAIM'),
    row('-'.repeat(statusWidth), '-'.repeat(claimantWidth), '-'.repeat(Math.min(claimWidth, 60))),
  ];
  for (const claim of sorted) {
    const statement = attributedStatement(claim.statement, claim.view.attribution);
    const claimant = truncate(`${claim.claimant} (${claim.attributionVerb})`, claimantWidth);
    lines.push(row(claim.status, claimant, truncate(statement, claimWidth)));
    for (const reason of claim.why) {
      wrap(reason, whyWidth).forEach((line, i) => lines.push(`${whyIndent}${i === 0 ? '· ' : '  '}${line}`));
    }
  }
  const counts = STATUS_ORDER.map(
    (status) => [status, claims.filter((c) => c.status === status).length] as const,
  ).filter(([, n]) => n > 0);
  lines.push('', `${claims.length} claims: ${counts.map(([status, n]) => `${n} ${status}`).join(', ')}`);
  return lines.join('\n');
}
