/**
 * `npm run bench:stance`: worker CPU to classify 50 candidate articles for one claim with the shipped
 * stance model (StanceModel.read: prediction and stance passages, as the worker calls it), on generated news-length
 * articles (1.5–5k characters). Prints JSON: CPU ms per claim (p50/p99, process.cpuUsage) and per article.
 * The reference measured in the same run: tokenising the same 50 articles once (the floor of any text model).
 */
import { analyseText, StanceModel } from '@claimtrail/stance';
import { percentile, round } from '../support/stats';

const CANDIDATES = 50;
const ROUNDS = 200;
const words = (
  'government officials said the ministry announced sanctions drones company report war ukraine russia china exports ' +
  'military attack minister statement evidence denied confirmed according news agency week program production engine ' +
  'documents analysts market prices election vote city council budget police court trial weather storm flood hospital'
).split(' ');

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function article(random: () => number): string {
  const length = 1500 + Math.floor(random() * 3500);
  const sentences: string[] = [];
  let size = 0;
  while (size < length) {
    const n = 12 + Math.floor(random() * 14);
    const sentence = Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
    sentences.push(`${sentence[0].toUpperCase()}${sentence.slice(1)}.`);
    size += sentence.length + 2;
  }
  return sentences.join(' ');
}

const model = StanceModel.load();
const random = seeded(42);
const claim = 'Chinese companies are supplying military attack drones to Russia for the war in Ukraine';
const rounds = Array.from({ length: ROUNDS }, () => Array.from({ length: CANDIDATES }, () => article(random)));

const cpuMs = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
for (const bodies of rounds.slice(0, 10)) for (const body of bodies) model.predict(claim, body);

const perClaim = rounds.map((bodies) =>
  cpuMs(() => {
    for (const body of bodies) model.read(claim, body, 3);
  }),
);
const tokenizeOnly = rounds.map((bodies) => cpuMs(() => bodies.forEach((body) => analyseText(body))));
perClaim.sort((a, b) => a - b);
tokenizeOnly.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    modelVersion: model.modelVersion,
    candidatesPerClaim: CANDIDATES,
    claims: ROUNDS,
    cpuMsPerClaim: { p50: round(percentile(perClaim, 50), 2), p99: round(percentile(perClaim, 99), 2) },
    cpuMsPerArticle: round(percentile(perClaim, 50) / CANDIDATES, 3),
    reference: { analyseTextOnlyCpuMsPerClaim: { p50: round(percentile(tokenizeOnly, 50), 2) } },
  }),
);
