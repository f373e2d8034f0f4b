import { analyseText } from './analysed-text';
import { claimNames } from './claim-names';

const claim = analyseText('A programme in China to deliver attack drones to Russia has been set up');

describe('claimNames', () => {
  it('given an article naming the claim’s actors (in another form), when checked, then they are found', () => {
    const body = analyseText('Chinese engineers helped a Russian firm test the drone.');
    expect(claimNames(claim, body)).toEqual({ names: ['China', 'Russia'], found: ['China', 'Russia'], calendar: [] });
  });

  it('given an article about another story sharing only common words, when checked, then no name is found', () => {
    const body = analyseText('Volunteer pilots flew camera drones after Hurricane Helene to plan deliveries.');
    expect(claimNames(claim, body)).toEqual({ names: ['China', 'Russia'], found: [], calendar: [] });
  });

  it('given a title-case claim, when checked, then it names nothing (no capital tells)', () => {
    expect(claimNames(analyseText('Man Saw Spider Crawl Out Of Sunburn'), analyseText('A spider.')).names).toEqual([]);
  });

  it('given a claim without names, when checked, then it names nothing', () => {
    expect(claimNames(analyseText('prices rose by ten percent'), analyseText('Prices rose.')).names).toEqual([]);
  });
});

describe('claimNames, calendar words', () => {
  it('given a claim with a month, when checked, then the month is no name but is listed as calendar', () => {
    const result = claimNames(
      analyseText('Ukraine exported grain through Odesa in October'),
      analyseText('October rain.'),
    );
    expect(result).toEqual({ names: ['Odesa'], found: [], calendar: ['October'] });
  });
});
