/**
 * What a claimant does with a statement. The statement is always the proposition itself:
 * for `denies` it is what is denied ("Podolyak denied Kyiv had any involvement" → statement
 * "Kyiv had any involvement", kind `denies`), so evidence for the statement counts against the claimant.
 */
export type AttributionKind =
  'asserts' | 'denies' | 'believes' | 'predicts' | 'promises' | 'accuses' | 'questions' | 'reports';

/** How a claim was attributed in the text. */
export interface ClaimAttribution {
  /**
   * The attribution verb as written: "said", "denied", "according to", "reportedly", "stated" (the publisher's own
   * voice).
   */
  verb: string;
  kind: AttributionKind;
  /** `direct`: the statement is all quotation; `mixed`: partly quoted; `indirect`: reported speech. */
  quote: 'direct' | 'indirect' | 'mixed';
  /** A factual assertion one can check against evidence (not an opinion, feeling, vow, question or prediction). */
  checkable: boolean;
  /**
   * The attribution itself is negated ("did not confirm that …", "declined to say whether …"): the claimant did not
   * make it.
   */
  negated: boolean;
}

interface KindDescription {
  kind: AttributionKind;
  meaning: string;
  checkable: boolean;
  verbs: string[];
}

// A kind's default checkability; an asserted statement that is itself a prediction or a modal ("will", "should") is not
// checkable.
const KINDS: KindDescription[] = [
  {
    kind: 'asserts',
    meaning: 'states the statement as fact',
    checkable: true,
    verbs: (
      'said says told tells added adds stated states confirmed confirms claimed claims insisted insists ' +
      'acknowledged admitted announced argued declared explained explains wrote writes noted notes stressed ' +
      'divulged revealed reveals disclosed found finds concluded concludes show shows showed estimated estimates ' +
      'maintained'
    ).split(' '),
  },
  {
    kind: 'denies',
    meaning:
      'denies the statement (the statement is the proposition denied; evidence for it counts against the claimant)',
    checkable: true,
    verbs: 'denied denies deny rejected rejects reject dismissed dismisses refuted refutes disputed disputes'.split(
      ' ',
    ),
  },
  {
    kind: 'believes',
    meaning: 'holds an opinion, belief, feeling or assessment',
    checkable: false,
    verbs: (
      'believes believe believed thinks think thought feels feel felt fears fear feared hopes hope hoped called ' +
      'suspects suspect suspected reckons reckon reckoned assumes assume assumed'
    ).split(' '),
  },
  {
    kind: 'predicts',
    meaning: 'says what will happen',
    checkable: false,
    verbs: 'predicted predicts forecast forecasts expects expect expected warned warns projected project'.split(' '),
  },
  {
    kind: 'promises',
    meaning: 'commits to an action',
    checkable: false,
    verbs: 'vowed vows promised promises pledged pledges swore swears sworn'.split(' '),
  },
  {
    kind: 'accuses',
    meaning: 'accuses someone of wrongdoing, or alleges it',
    checkable: true,
    verbs: 'accused accuses alleged alleges blamed blames charged'.split(' '),
  },
  {
    kind: 'questions',
    meaning: 'questions or doubts the statement',
    checkable: false,
    verbs: 'questioned questions doubted doubts doubt asked wondered'.split(' '),
  },
  {
    kind: 'reports',
    meaning: 'passes on what a report, document or source says',
    checkable: true,
    verbs: ['reported', 'reports', 'reportedly', 'according to', 'understood'],
  },
];

const KIND_OF_VERB = new Map<string, KindDescription>(KINDS.flatMap((k) => k.verbs.map((v) => [v, k] as const)));

/**
 * The attribution kinds with what they mean, whether their claims are checkable, and the verbs that signal them (for
 * docs).
 */
export function describeAttributionKinds(): ReadonlyArray<Readonly<KindDescription>> {
  return KINDS;
}

/**
 * The kind a verb signals ("denied" → denies); an unknown verb asserts. Auxiliaries and adverbs around it are ignored.
 */
export function attributionKindOf(verb: string): AttributionKind {
  return describeVerb(verb)?.kind ?? 'asserts';
}

function describeVerb(verb: string): KindDescription | undefined {
  const lower = verb.toLowerCase().trim();
  const exact = KIND_OF_VERB.get(lower);
  if (exact) return exact;
  const words = lower.split(/\s+/);
  const last = words[words.length - 1];
  return KIND_OF_VERB.get(last) ?? (last.endsWith('ing') ? kindOfParticiple(last.slice(0, -3)) : undefined);
}

// "denying" → deny(ies), "accusing" → accuse(s), "admitting" → admit: the participle's kind is its verb's.
function kindOfParticiple(stem: string): KindDescription | undefined {
  const undoubled = /(\w)\1$/.test(stem) ? stem.slice(0, -1) : stem;
  for (const form of [
    stem,
    `${stem}e`,
    `${stem}s`,
    `${stem}es`,
    `${stem}ed`,
    `${stem}d`,
    undoubled,
    `${undoubled}ed`,
  ]) {
    const kind = KIND_OF_VERB.get(form);
    if (kind) return kind;
  }
  return undefined;
}

// A prediction, obligation or possibility in the statement's own verb phrase: not a fact one can check now.
const MODAL = new Set([
  'will',
  'shall',
  'should',
  'must',
  'would',
  'could',
  'might',
  'may',
  "won't",
  "wouldn't",
  "shouldn't",
  'ought',
]);
// First-person feelings and opinions inside a quotation ("I am delighted", "we think").
const FIRST_PERSON = new Set(['i', 'we', "i'm", "we're", "i've", "we've"]);
const FEELING = new Set([
  'think',
  'believe',
  'feel',
  'hope',
  'love',
  'hate',
  'want',
  'wish',
  'delighted',
  'proud',
  'happy',
  'sad',
  'sorry',
  'excited',
  'disappointed',
  'pleased',
  'glad',
  'worried',
  'concerned',
  'grateful',
  'honoured',
  'honored',
  'thrilled',
]);

/** Whether a statement reads as a checkable fact rather than a prediction, obligation or first-person feeling. */
export function statementIsCheckable(statement: string): boolean {
  const words = statement
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}']+/u)
    .filter(Boolean);
  if (words.some((w) => MODAL.has(w)) || words.some((w, i) => w === 'going' && words[i + 1] === 'to')) return false;
  if (words.some((w, i) => FIRST_PERSON.has(w) && words.slice(i + 1, i + 4).some((n) => FEELING.has(n)))) return false;
  if (statement.trimEnd().endsWith('?')) return false;
  return true;
}

/**
 * The attribution of a claim: the kind its verb signals, direct/indirect from how much of the
 * statement is quotation, checkable when the kind states facts and the statement is no
 * prediction or feeling; `negated` when the attribution itself is negated.
 */
export function classifyAttribution(
  verb: string,
  statement: string,
  quote: string | null,
  negated = false,
): ClaimAttribution {
  const described = describeVerb(verb);
  const kind = described?.kind ?? 'asserts';
  const checkable = !negated && (described?.checkable ?? true) && statementIsCheckable(statement);
  return { verb, kind, quote: quoteKind(statement, quote), checkable, negated };
}

function quoteKind(statement: string, quote: string | null): ClaimAttribution['quote'] {
  if (!quote) return 'indirect';
  const letters = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').length;
  // The quote joins fragments with " … "; when it carries (nearly) all of the statement's letters the claim is a direct
  // quote.
  return letters(quote) >= letters(statement) * 0.9 ? 'direct' : 'mixed';
}

const NEGATORS = new Set(['not', 'never', "n't", 'no']);

/**
 * Whether the words just before an attribution verb negate it: "did not confirm", "has never said", "declined to
 * confirm".
 */
export function negatesAttribution(before: string): boolean {
  const words = before.toLowerCase().replace(/[’‘]/g, "'").replace(/n't\b/g, " n't").split(/\s+/).filter(Boolean);
  const last = words.slice(-3);
  if (last.some((w) => NEGATORS.has(w))) return true;
  const tail = words.slice(-2).join(' ');
  return tail === 'declined to' || tail === 'refused to' || tail === 'failed to';
}
