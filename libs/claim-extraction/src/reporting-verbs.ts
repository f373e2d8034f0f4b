/**
 * The verbs that attribute a statement to a source, by class rather than picked from examples.
 * Classes follow Levin (1993, English Verb Classes and Alternations): verbs of communication that
 * take a sentential complement — say (37.7: say, state, announce, reveal, note, observe, remark,
 * mention, report, claim, declare, …), complain (37.8: complain, boast), advise (37.9: warn),
 * transfer of message (37.1: tell, explain, write), manner of speaking (37.3: the ones news uses
 * for speech: joke, laugh, quip, whisper, shout) — and the verbs of judging and conjecture (29.4–29.5:
 * believe, think, find, conclude, estimate, know, suspect, …), plus the speech acts news reports
 * (deny, admit, insist, vow, accuse, predict, …), and verbs of naming (29.3: "called the allegation
 * “deeply concerning”").
 *
 * A base form that is also a common noun (state, report, note, comment, stress, counter, tweet, forecast)
 * is left out — "Russia's state arms company", "the forecast has left …" — and its inflected forms kept.
 *
 * Each entry lists the forms an attribution uses: base (after "they", "will"), third person, past
 * (and participle). Verbs of judging and finding take a statement only with "that" ("found that …";
 * "the money found its way" is no claim), except when a study or report is their subject.
 */
interface VerbClass {
  forms: string[];
  /** The -ing forms, for participial clauses; only verbs of saying attribute that way. */
  participles: string[];
  /** Attributes only with a following "that" (or colon): verbs of judging, finding and perception. */
  needsThat: boolean;
}

/** The -ing form of a base form: "say" → "saying", "argue" → "arguing", "admit" (admitted) → "admitting". */
function participle(base: string, past?: string): string {
  if (past && past.length > base.length + 2 && past.endsWith(`${base.at(-1)}${base.at(-1)}ed`))
    return `${base}${base.at(-1)}ing`;
  if (base.endsWith('e') && !base.endsWith('ee')) return `${base.slice(0, -1)}ing`;
  return `${base}ing`;
}

/** The -ing forms of the verbs of saying ("— claiming the e-tailer was a bully", "a statement saying …"). */
const participlesOf = (lemmas: string): string[] =>
  lemmas
    .split(' ')
    .filter((entry) => entry.includes(':') || !/(?:s|ed|ought)$/.test(entry) || /(?:ss|us)$/.test(entry))
    .map((entry) => {
      const [first, second, third] = entry.split(':');
      // "notes:noted" lists a third person and a past (the base is a noun): "noting" from "notes".
      if (/[^s]s$|sses$/.test(first)) return participle(first.slice(0, first.endsWith('sses') ? -2 : -1), second);
      return participle(first, third);
    });

const inflect = (lemmas: string): string[] =>
  lemmas.split(' ').flatMap((entry) => {
    // "say:says:said" lists forms (irregular ones, or only some); a plain lemma inflects regularly.
    if (entry.includes(':')) return entry.split(':');
    // An inflected form listed alone ("believes") stands for itself only.
    if (/(?:s|ed|ought)$/.test(entry) && !/(?:ss|us)$/.test(entry)) return [entry];
    const stem = entry.endsWith('e') ? entry.slice(0, -1) : entry;
    const third = /(?:s|sh|ch|x|z)$/.test(entry)
      ? `${entry}es`
      : /[^aeiou]y$/.test(entry)
        ? `${entry.slice(0, -1)}ies`
        : `${entry}s`;
    const past = /[^aeiou]y$/.test(entry) ? `${entry.slice(0, -1)}ied` : `${stem}ed`;
    return [entry, third, past];
  });

function formsOf(lemmas: string, withParticiples = true): Pick<VerbClass, 'forms' | 'participles'> {
  return { forms: inflect(lemmas), participles: withParticiples ? participlesOf(lemmas) : [] };
}

const CLASSES: VerbClass[] = [
  {
    // Levin 37.7 (say), 37.8 (complain), 37.9 (warn), 37.1 (tell, explain, write) and speech acts of asserting.
    needsThat: false,
    ...formsOf(
      'say:says:said tell:tells:told add announce reveal notes:noted observe remark mention reports:reported claim ' +
        'declare states:stated ' +
        'confirm insist acknowledge admit:admits:admitted argue allege explain write:writes:wrote:written ' +
        'stresses:stressed emphasize emphasise ' +
        'maintain assert contend concede confess reply respond counters:countered complain boast warn caution ' +
        'recall recount ' +
        'reiterate testify disclose divulge comments:commented joke laugh quip:quips:quipped whisper shout ' +
        'tweets:tweeted ' +
        'deny reject dismiss dispute refute accuse predict forecasts vow promise pledge call:calls:called ' +
        'swear:swears:swore:sworn expects expected estimates estimated projected ' +
        // A belief in the third person or past takes its clause without "that" ("she believes the plan failed").
        'believes believed thinks thought fears feared',
    ),
  },
  {
    // Levin 29.4–29.5 (declare, conjecture) and verbs of finding and showing: a statement follows "that".
    needsThat: true,
    ...formsOf(
      'find:finds:found show:shows:showed:shown suggest conclude determine believe:think:fear:estimate:project ' +
        'know:knows:knew:known realize realise understand:understands:understood discover indicate ' +
        'demonstrate prove suspect assume recognize recognise reckon feel:feels:felt hope doubt agree ' +
        'see:sees:saw:seen',
      false,
    ),
  },
];

/** Every form of every reporting verb. */
export const REPORTING_VERBS: ReadonlySet<string> = new Set(CLASSES.flatMap((c) => c.forms));
/** The forms that attribute only with "that" after them (a form listed in both classes does not). */
export const VERBS_NEEDING_THAT: ReadonlySet<string> = new Set(
  CLASSES.filter((c) => c.needsThat)
    .flatMap((c) => c.forms)
    .filter((f) => !CLASSES.some((c) => !c.needsThat && c.forms.includes(f))),
);

/** The -ing forms of the verbs of saying, which attribute in a participial clause. */
export const REPORTING_PARTICIPLES: ReadonlySet<string> = new Set(CLASSES.flatMap((c) => c.participles));
