import { extractClaims } from './extract-claims';

const extract = (text: string) =>
  extractClaims(text, { publisher: 'The Daily Example' }).map(({ claimant, attributionVerb, statement }) => ({
    claimant,
    attributionVerb,
    statement,
  }));

describe('extractClaims', () => {
  it('finds nothing in an empty text', () => {
    expect(extractClaims('', { publisher: 'X' })).toEqual([]);
  });

  it('takes the attribution after a quote in either word order', () => {
    expect(
      extract('“Talks will resume next week,” said the minister.\n“Nothing has been agreed,” the minister added.'),
    ).toEqual([
      { claimant: 'the minister', attributionVerb: 'said', statement: 'Talks will resume next week' },
      { claimant: 'the minister', attributionVerb: 'added', statement: 'Nothing has been agreed' },
    ]);
  });

  it('reads straight quotation marks like curly ones', () => {
    expect(extract('The council said: "The bridge will reopen in May."')).toEqual([
      { claimant: 'the council', attributionVerb: 'said', statement: 'The bridge will reopen in May' },
    ]);
  });

  it('carries a quote into the next paragraph only when that paragraph reopens it', () => {
    const text = [
      'The mayor said: “The budget is balanced.',
      '“Taxes will not rise.”',
      'Opposition members left the chamber early.',
    ].join('\n');
    expect(extract(text)).toEqual([
      { claimant: 'the mayor', attributionVerb: 'said', statement: 'The budget is balanced' },
      { claimant: 'the mayor', attributionVerb: 'said', statement: 'Taxes will not rise' },
    ]);
  });

  it('resolves a pronoun and a shortened description to the earlier claimant', () => {
    const text =
      'A senior European diplomat told reporters that sanctions would be extended.\nThe diplomat said the decision was unanimous.\nShe denied that any country had objected.';
    expect(extract(text).map((c) => c.claimant)).toEqual([
      'a senior European diplomat',
      'a senior European diplomat',
      'a senior European diplomat',
    ]);
    expect(extract(text)[2]).toMatchObject({ attributionVerb: 'denied', statement: 'Any country had objected' });
  });

  it('keeps a named person as a new claimant rather than a back-reference', () => {
    const text =
      'A ministry spokesperson said exports were licensed.\nThe spokesperson Jane Doe said the checks were strict.';
    expect(extract(text).map((c) => c.claimant)).toEqual(['a ministry spokesperson', 'the spokesperson Jane Doe']);
  });

  it('attributes "according to" and agentless reports', () => {
    const text =
      'Prices rose by 4% in March, according to the statistics office.\nAccording to two analysts, the rise was driven by energy.\nOn Monday, the Herald reported that fuel duty would be cut.\nThe cut is reportedly worth £2bn.\nThe Treasury opposed the cut, it was alleged.';
    expect(extract(text)).toEqual([
      { claimant: 'the statistics office', attributionVerb: 'according to', statement: 'Prices rose by 4% in March' },
      { claimant: 'two analysts', attributionVerb: 'according to', statement: 'The rise was driven by energy' },
      { claimant: 'the Herald', attributionVerb: 'reported', statement: 'Fuel duty would be cut' },
      { claimant: 'the Herald', attributionVerb: 'reportedly', statement: 'The cut is worth £2bn' },
      { claimant: 'the Herald', attributionVerb: 'alleged', statement: 'The Treasury opposed the cut' },
    ]);
  });

  it("claims a dated fact stated in the article's own voice for its publisher, but not hedged analysis", () => {
    expect(
      extract('The factory closed in March 2021.\nThe closure would, if repeated, cost 2,000 jobs by 2030.'),
    ).toEqual([
      { claimant: 'The Daily Example', attributionVerb: 'stated', statement: 'The factory closed in March 2021' },
    ]);
  });

  it('finds no claim where an attribution verb sits in a subordinate clause', () => {
    expect(
      extract(
        'The allegation, if confirmed, would be a first.\nThe names of the firms allegedly involved were not revealed.\nThe union called for talks.',
      ),
    ).toEqual([]);
  });

  it('drops headlines and teasers scraped in between paragraphs', () => {
    const text =
      'The minister said the port would reopen.\nRead more:\nStorm closes coastal roads\nFans queue overnight for tickets\nThe harbour master said ships were waiting.';
    expect(extract(text).map((c) => c.statement)).toEqual(['The port would reopen', 'Ships were waiting']);
  });

  it('reads a single line without final punctuation as the body', () => {
    expect(extract('The minister said the port would reopen')).toEqual([
      { claimant: 'the minister', attributionVerb: 'said', statement: 'The port would reopen' },
    ]);
  });
});

// Constructions met in real news (test/fixtures/extraction): one short case per pattern, written for the pattern.
describe('extractClaims on real-news constructions', () => {
  const full = (text: string) =>
    extractClaims(text, { publisher: 'The Daily Example' }).map(
      ({ claimant, attributionVerb, statement, attribution }) => ({
        claimant,
        attributionVerb,
        statement,
        kind: attribution.kind,
      }),
    );

  it('splits a quotation of several sentences into one claim per sentence', () => {
    expect(extract('“The dam held. The river fell overnight. Roads reopened at noon,” the mayor said.')).toEqual([
      { claimant: 'the mayor', attributionVerb: 'said', statement: 'The dam held' },
      { claimant: 'the mayor', attributionVerb: 'said', statement: 'The river fell overnight' },
      { claimant: 'the mayor', attributionVerb: 'said', statement: 'Roads reopened at noon' },
    ]);
  });

  it('ends a sentence after an abbreviation when a new quotation opens', () => {
    expect(
      extract(
        '“Orders are down,” said Ann Lee, chief executive of Lee Metals Inc. “The plant runs three days a week.”',
      ),
    ).toEqual([
      { claimant: 'Ann Lee', attributionVerb: 'said', statement: 'Orders are down' },
      { claimant: 'Ann Lee', attributionVerb: 'said', statement: 'The plant runs three days a week' },
    ]);
  });

  it('keeps a paragraph that ends with a bracketed link after its last sentence', () => {
    expect(full('The drug rewires the brain, the author said. [Related: Ten Strange Drugs]\nSecond line.')).toEqual([
      { claimant: 'the author', attributionVerb: 'said', statement: 'The drug rewires the brain', kind: 'asserts' },
    ]);
  });

  it('takes a speaker after a quotation even when a long adverbial follows the verb', () => {
    expect(
      extract(
        '“The talks are over,” Ruiz told the Daily Example on Monday during a long interview that also included his deputy.',
      ),
    ).toEqual([{ claimant: 'Ruiz', attributionVerb: 'told', statement: 'The talks are over' }]);
  });

  it('drops the appositive of a speaker placed before the verb', () => {
    expect(
      extract('“The centre will open in May,” Dana Ortiz, president of the foundation’s board, said in a statement.'),
    ).toEqual([{ claimant: 'Dana Ortiz', attributionVerb: 'said', statement: 'The centre will open in May' }]);
  });

  it('resolves "he" to the last person the text is about, even one who made no claim', () => {
    const text = [
      '“The budget is fair,” Maria Lopez said.',
      'Chandor asked the committee to wait.',
      '“The vote can come later,” he said.',
    ].join('\n');
    expect(extract(text).map((c) => c.claimant)).toEqual(['Maria Lopez', 'Chandor']);
  });

  it('skips a person of the other gender when resolving "she"', () => {
    const text = [
      'Jessica Moore said the plan was costly.',
      'Peter Brandt said it was cheap.',
      'She said costs had doubled.',
    ].join('\n');
    expect(extract(text).map((c) => c.claimant)).toEqual(['Jessica Moore', 'Peter Brandt', 'Jessica Moore']);
  });

  it('resolves a role description to the person introduced with that role, else to the last person named', () => {
    expect(
      extract(
        'The veteran director Ana Ruiz spoke first.\nThe minister arrived.\n“The script is finished,” the director said.',
      ).at(-1)?.claimant,
    ).toBe('Ana Ruiz');
    expect(
      extract('Tom Okafor cast the lead himself.\n“Scripts are vague on back-story,” the director said.')[0].claimant,
    ).toBe('Tom Okafor');
  });

  it('drops a parenthesis and a locating "with" phrase from a named claimant', () => {
    expect(extract('State Sen. Ann Roe (R-Warren) said the speech was weak.')[0].claimant).toBe('State Sen. Ann Roe');
    expect(
      extract('“It looks good,” Patrol Chief James Hall with the New York Police Department said Wednesday.')[0]
        .claimant,
    ).toBe('Patrol Chief James Hall');
  });

  it('reads "But X said that had …" with "that" as the statement\'s subject', () => {
    expect(extract('But Ann Roe said that had nothing to do with the vote.')).toEqual([
      { claimant: 'Ann Roe', attributionVerb: 'said', statement: 'That had nothing to do with the vote' },
    ]);
  });

  it('lets the attribution that closes a sentence hold a reported clause inside it', () => {
    expect(extract('Past work has found that patients recover faster, the author said.')).toEqual([
      {
        claimant: 'the author',
        attributionVerb: 'said',
        statement: 'Past work has found that patients recover faster',
      },
    ]);
  });

  it('knows reporting verbs by class (speech acts, and verbs of knowing and finding with "that")', () => {
    expect(full('Scientists have long known that the drug binds to serotonin receptors.')).toEqual([
      {
        claimant: 'Scientists',
        attributionVerb: 'known',
        statement: 'The drug binds to serotonin receptors',
        kind: 'asserts',
      },
    ]);
    expect(full('The mayor conceded the budget was short.')).toEqual([
      { claimant: 'the mayor', attributionVerb: 'conceded', statement: 'The budget was short', kind: 'asserts' },
    ]);
    expect(extract('The mayor knew the answer.')).toEqual([]);
  });

  it('needs a clause after a verb of saying without "that": "added 80 jobs" is no claim', () => {
    expect(extract('Kevin Ortiz has added about 80 jobs to his company since July.')).toEqual([]);
    expect(extract('Those states, along with five others, remain short of that level.')).toEqual([]);
  });

  it('reads a quoted imperative as no claim', () => {
    expect(extract('“Give me a break,” Doherty said. “The plan failed.”')).toEqual([
      { claimant: 'Doherty', attributionVerb: 'said', statement: 'The plan failed' },
    ]);
  });

  it('finds a report in a clause inside the sentence', () => {
    expect(extract('He was flown to hospital and a hospital spokesman said Swanson was in fair condition.')).toEqual([
      { claimant: 'a hospital spokesman', attributionVerb: 'said', statement: 'Swanson was in fair condition' },
    ]);
    expect(extract('Apple is appealing a ruling that said it had fixed prices.')).toEqual([
      { claimant: 'a ruling', attributionVerb: 'said', statement: 'It had fixed prices' },
    ]);
    expect(extract('Both times, Mark May, who said Ohio State was out of the hunt, got the ruling.')).toEqual([
      { claimant: 'Mark May', attributionVerb: 'said', statement: 'Ohio State was out of the hunt' },
    ]);
  });

  it('ends a claim where a later clause reports something else', () => {
    expect(
      extract(
        'Many people report vivid dreams on the drug, and some studies even suggest that one dose can alter personality.',
      ),
    ).toEqual([{ claimant: 'some studies', attributionVerb: 'suggest', statement: 'One dose can alter personality' }]);
  });

  it('attributes a participial clause to the clause it follows', () => {
    expect(full('Hachette waged a bruising battle with Amazon — claiming the retailer was acting as a bully.')).toEqual(
      [
        {
          claimant: 'Hachette',
          attributionVerb: 'claiming',
          statement: 'The retailer was acting as a bully',
          kind: 'asserts',
        },
      ],
    );
    expect(extract('Amazon released a statement saying, “The deal lets us grow together.”')).toEqual([
      { claimant: 'Amazon', attributionVerb: 'saying', statement: 'The deal lets us grow together' },
    ]);
    expect(
      extract(
        'It refers to the case that the Department of Justice had brought against Apple, claiming that the firms fixed prices.',
      ),
    ).toEqual([
      { claimant: 'the Department of Justice', attributionVerb: 'claiming', statement: 'The firms fixed prices' },
    ]);
  });

  it('adds the claim of an "adding that" clause to the attribution it follows', () => {
    expect(extract('“I’ve signed away my organs,” he joked, adding that filming was great.')).toEqual([
      { claimant: 'he', attributionVerb: 'joked', statement: 'I’ve signed away my organs' },
      { claimant: 'he', attributionVerb: 'adding', statement: 'Filming was great' },
    ]);
    expect(full('The minister said prices would fall, denying that the plan had failed.')).toEqual([
      { claimant: 'the minister', attributionVerb: 'said', statement: 'Prices would fall', kind: 'asserts' },
      { claimant: 'the minister', attributionVerb: 'denying', statement: 'The plan had failed', kind: 'denies' },
    ]);
  });

  it('reads a participle with no clause after it as no claim', () => {
    expect(extract('Shares fell sharply on Monday, adding to the pressure on the board.')).toEqual([]);
  });

  it('gives the items of a list under an attributed lead-in to its speaker', () => {
    const text = [
      'The mayor also said:',
      '- The bridge will reopen in May.',
      '- Tolls have been cut by half.',
      'Traffic was light on Sunday evening.',
    ].join('\n');
    expect(extract(text)).toEqual([
      { claimant: 'the mayor', attributionVerb: 'said', statement: 'The bridge will reopen in May' },
      { claimant: 'the mayor', attributionVerb: 'said', statement: 'Tolls have been cut by half' },
    ]);
  });

  it('gives a paragraph quoted as a block after "X told reporters:" to X, and only that paragraph', () => {
    const text = [
      'Ann Roe told reporters:',
      'The plant has been closed since March. Nobody was hurt.',
      'Workers gathered at the gate on Monday.',
    ].join('\n');
    expect(extract(text)).toEqual([
      { claimant: 'Ann Roe', attributionVerb: 'told', statement: 'The plant has been closed since March' },
      { claimant: 'Ann Roe', attributionVerb: 'told', statement: 'Nobody was hurt' },
    ]);
  });

  it('reads an interview transcript: answers are the interviewee’s, questions and unknown labels nothing', () => {
    const text = [
      'Maria Lopez has run the clinic for a decade.',
      'Q: How busy is the clinic?',
      'A: We see three hundred patients a week.',
      'UPDATE: The clinic closes early on Friday.',
    ].join('\n');
    expect(extract(text)).toEqual([
      { claimant: 'Maria Lopez', attributionVerb: 'said', statement: 'We see three hundred patients a week' },
    ]);
  });
});
