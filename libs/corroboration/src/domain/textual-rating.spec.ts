import { stanceOfRating } from './textual-rating';

describe('stanceOfRating', () => {
  it.each([
    ['False', 'refutes', 0.9, 'false'],
    ['Pants on Fire!', 'refutes', 0.9, 'false'],
    ['Fake', 'refutes', 0.9, 'false'],
    ['Incorrect', 'refutes', 0.9, 'false'],
    ['Four Pinocchios', 'refutes', 0.9, 'false'],
    ['Faux', 'refutes', 0.9, 'false'],
    ['Misleading', 'refutes', 0.7, 'misleading'],
    ['Out of context', 'refutes', 0.7, 'misleading'],
    ['Mostly False', 'refutes', 0.7, 'mostly-false'],
    ['True', 'supports', 0.9, 'true'],
    ['Correct', 'supports', 0.9, 'true'],
    ['Accurate', 'supports', 0.9, 'true'],
    ['Mostly True', 'supports', 0.7, 'mostly-true'],
    ['Half True', 'neutral', 0.5, 'mixed'],
    ['Mixture', 'neutral', 0.5, 'mixed'],
    ['Partly false', 'neutral', 0.5, 'mixed'],
    ['Unproven', 'neutral', 0.5, 'needs-context'],
    ['Needs context', 'neutral', 0.5, 'needs-context'],
    ['Missing context', 'neutral', 0.5, 'needs-context'],
    ['Satire', 'neutral', 0.5, 'needs-context'],
    ['Spicy take', 'neutral', 0.3, 'unrecognised-rating'],
  ])('%j → %s (%d, %s)', (rating, stance, confidence, rule) => {
    expect(stanceOfRating(rating)).toEqual({ stance, confidence, rule });
  });
});
