import { repeatedReportingOf } from './repeated-reporting';

describe('repeatedReportingOf', () => {
  it.each([
    [
      'The claim about a programme in China to deliver attack drones for Russia’s war in Ukraine was first reported by the Reuters news agency.',
      'Reuters',
    ],
    ['On Wednesday, Reuters reported that Russia had established a weapons programme in China.', 'Reuters'],
    ['Chinese companies are supplying attack drones to Russia, according to Sky News.', 'Sky News'],
    ['There is clear evidence, a western official has told Sky News.', 'Sky News'],
    ['Drones were tested in China, as reported by The Guardian on Friday.', 'Guardian'],
  ])('names the original outlet of %j', (passage, outlet) => {
    expect(repeatedReportingOf(passage, 'Daily Example')).toBe(outlet);
  });

  it('is original reporting when the outlet named is the publisher itself', () => {
    expect(
      repeatedReportingOf('There is clear evidence, a western official has told Sky News.', 'Sky News'),
    ).toBeUndefined();
    expect(
      repeatedReportingOf('A western official told Sky News the drones were delivered.', 'news.sky.com'),
    ).toBeUndefined();
  });

  it('does not take sources, officials or agencies for outlets', () => {
    expect(
      repeatedReportingOf(
        'according to two sources from a European intelligence agency and documents reviewed by the news agency.',
      ),
    ).toBeUndefined();
    expect(repeatedReportingOf('According to the NATO spokesperson, allies are consulting.')).toBeUndefined();
    expect(
      repeatedReportingOf('When asked, the official confirmed they were referring to military drones.'),
    ).toBeUndefined();
  });
});

describe('repeatedReportingOf on hostile text', () => {
  // Issue 13, finding 1: one 80k-character sentence of capitals stalled corroboration jobs for minutes.
  // The sizes (an article body's 200k characters) make a quadratic pattern run for minutes, far past
  // jest's timeout, while a linear one reads them in milliseconds.
  const hostile: Array<[string, string]> = [
    ['a run of capitals', 'A'.repeat(200_000)],
    ['capitals with apostrophes', "A'".repeat(100_000)],
    ['capitalised words', 'Aa '.repeat(60_000)],
    ['words joined by "of"', 'Aa of '.repeat(30_000)],
    ['a name followed by blanks', 'according to Reuters' + ' '.repeat(200_000) + 'x'],
    ['a verb after a word too long to be a name', 'B'.repeat(200_000) + ' reported'],
  ];

  it.each(hostile)('reads %s in one pass', (_name, passage) => {
    expect(repeatedReportingOf(passage, 'Daily Example')).toBeUndefined();
  });

  it('still finds the outlet after a long run of capitals', () => {
    expect(repeatedReportingOf(`${'C'.repeat(200_000)}. On Friday, Reuters reported it.`)).toBe('Reuters');
  });
});
