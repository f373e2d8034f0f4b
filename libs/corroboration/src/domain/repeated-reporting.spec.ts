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
    expect(repeatedReportingOf('There is clear evidence, a western official has told Sky News.', 'Sky News')).toBeUndefined();
    expect(repeatedReportingOf('A western official told Sky News the drones were delivered.', 'news.sky.com')).toBeUndefined();
  });

  it('does not take sources, officials or agencies for outlets', () => {
    expect(
      repeatedReportingOf('according to two sources from a European intelligence agency and documents reviewed by the news agency.'),
    ).toBeUndefined();
    expect(repeatedReportingOf('According to the NATO spokesperson, allies are consulting.')).toBeUndefined();
    expect(repeatedReportingOf('When asked, the official confirmed they were referring to military drones.')).toBeUndefined();
  });
});
