import { isSubjectPublisher, isSubjectResponse } from './subject-response';

const CLAIM = 'Chinese companies are supplying military attack drones to Russia for the war in Ukraine';

describe('isSubjectResponse', () => {
  it('recognises the Chinese embassy answering a claim about Chinese companies', () => {
    expect(
      isSubjectResponse(
        CLAIM,
        'Contacted for a response, the Chinese embassy in London said it was “not aware of the specifics you mentioned”.',
      ),
    ).toBe(true);
    expect(isSubjectResponse(CLAIM, 'A China foreign ministry spokesperson denied the report.')).toBe(true);
  });

  it('does not take third parties for the subject', () => {
    expect(
      isSubjectResponse(CLAIM, 'A spokesperson for the NATO alliance called the allegation “deeply concerning”.'),
    ).toBe(false);
    expect(
      isSubjectResponse(
        CLAIM,
        'Responding to that report, a White House spokesperson expressed concern but said the US had not seen anything.',
      ),
    ).toBe(false);
  });

  it('needs the subject to be the one speaking, not merely mentioned', () => {
    expect(
      isSubjectResponse(
        CLAIM,
        '“While the Chinese government might not admit it, they are going to struggle to keep their increasing support under wraps,” the official added.',
      ),
    ).toBe(false);
  });
});

describe('isSubjectPublisher', () => {
  it('recognises the subject’s own institutions as publishers', () => {
    expect(isSubjectPublisher(CLAIM, 'chinese-foreign-ministry')).toBe(true);
    expect(isSubjectPublisher(CLAIM, 'Chinese Embassy in the UK')).toBe(true);
  });

  it('does not take news outlets or other governments for the subject', () => {
    expect(isSubjectPublisher(CLAIM, 'sky-news')).toBe(false);
    expect(isSubjectPublisher(CLAIM, 'China Daily')).toBe(false);
    expect(isSubjectPublisher(CLAIM, 'uk-government')).toBe(false);
  });
});
