import { propositionOf } from './claim-proposition';

describe('propositionOf', () => {
  it.each([
    [
      'There is clear evidence that Chinese companies are supplying military attack drones to Russia',
      'Chinese companies are supplying military attack drones to Russia',
    ],
    [
      'There is clear evidence now that Chinese companies are supplying Russia with deadly weapons',
      'Chinese companies are supplying Russia with deadly weapons',
    ],
    ['there are strong indications that the drones were tested in China', 'the drones were tested in China'],
    ['It is now clear that Kupol built the G3', 'Kupol built the G3'],
  ])('drops the evidential frame of %j', (claim, proposition) => expect(propositionOf(claim)).toBe(proposition));

  it.each([
    'Kupol was placed under US sanctions in December 2023',
    'The evidence that Kupol built the G3 is clear',
    'There is a programme in China to deliver attack drones',
    'There is clear evidence that',
  ])('keeps a claim without one whole: %j', (claim) => expect(propositionOf(claim)).toBe(claim));
});
