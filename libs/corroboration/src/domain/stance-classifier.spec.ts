import { classifyStance, STANCE_RULES } from './stance-classifier';

// Claims and sentences from the seed article (Sky News, Chinese drones for Russia).
const CLAIM = 'Chinese companies are supplying military attack drones to Russia for the war in Ukraine';
const REUTERS_CLAIM =
  'Reuters reported that Russia had established a weapons programme in China to produce attack drones';
const GOVERNMENT_CLAIM = 'The Chinese government was aware of the transactions supplying lethal aid to Russia';

describe('classifyStance', () => {
  it('non-denial: "not aware of the specifics" is neutral, not a denial', () => {
    const result = classifyStance(
      CLAIM,
      'Contacted for a response, the Chinese embassy in London said it was “not aware of the specifics you mentioned”.',
    );
    expect(result).toMatchObject({
      stance: 'neutral',
      rule: 'non-denial',
      reason: 'non-denial: "not aware of the specifics"',
    });
  });

  it('not-independently-verified: a reporter not having seen the evidence is neutral, despite "has not"', () => {
    const result = classifyStance(CLAIM, 'Sky News has not seen the evidence the source referred to.');
    expect(result).toMatchObject({ stance: 'neutral', rule: 'not-independently-verified' });
  });

  it('accuracy: "the Reuters reporting was accurate" supports', () => {
    const result = classifyStance(
      REUTERS_CLAIM,
      'The western official told Sky News that the Reuters reporting was accurate.',
    );
    expect(result).toMatchObject({ stance: 'supports', rule: 'accuracy', reason: 'accuracy: "accurate"' });
  });

  it('confirmation: "the official confirmed" supports', () => {
    const result = classifyStance(CLAIM, 'When asked, the official confirmed they were referring to military drones.');
    expect(result).toMatchObject({ stance: 'supports', rule: 'confirmation', reason: 'confirmation: "confirmed"' });
  });

  it('evidence: "clear evidence" supports, strongly when the passage is the claim itself', () => {
    const result = classifyStance(
      CLAIM,
      '“There is clear evidence now that Chinese companies are supplying Russia with deadly weapons for use in Ukraine,” the official said.',
    );
    expect(result.stance).toBe('supports');
    expect(result.rule).toBe('evidence');
    expect(result.relevance).toBeGreaterThan(0.5);
  });

  it('no-evidence: the White House "had not seen anything to suggest" refutes, and "had not" is not counted twice', () => {
    const result = classifyStance(
      GOVERNMENT_CLAIM,
      'Responding to that report, a White House spokesperson expressed concern but said the US had not seen anything to suggest Beijing was aware of the alleged transactions or that there had been any Chinese government involvement in providing lethal aid to Russia.',
    );
    expect(result).toMatchObject({ stance: 'refutes', rule: 'no-evidence' });
    expect(result.reason).toBe('no-evidence: "not seen anything"; hedge: "alleged"');
  });

  it('hedge: "allegedly" lowers the confidence of the same reading', () => {
    const plain = classifyStance(CLAIM, 'The official confirmed that Chinese firms were involved in the programme.');
    const hedged = classifyStance(
      CLAIM,
      'The official confirmed that Chinese firms were allegedly involved in the programme.',
    );
    expect(hedged.stance).toBe('supports');
    expect(hedged.confidence).toBeLessThan(plain.confidence);
    expect(hedged.reason).toContain('hedge: "allegedly"');
  });

  it('conditional: "the allegation, if confirmed" is neither confirmation nor support', () => {
    const result = classifyStance(
      CLAIM,
      'The allegation, if confirmed, would be the first known complete weapons system to be delivered to Russia from China for use in Ukraine.',
    );
    expect(result).toMatchObject({ stance: 'neutral', rule: 'negated' });
    expect(result.reason).toContain('"if … confirmed"');
  });

  it('denial: the embassy denying refutes', () => {
    const result = classifyStance(
      CLAIM,
      'The Chinese embassy in London denied that Chinese companies are supplying attack drones to Russia.',
    );
    expect(result).toMatchObject({ stance: 'refutes', rule: 'denial' });
  });

  it('negation near a cue neutralises it: "did not deny" is not a denial, "has not been confirmed" not a confirmation', () => {
    expect(
      classifyStance(CLAIM, 'The Chinese embassy did not deny that drones were supplied to Russia.'),
    ).toMatchObject({
      stance: 'neutral',
      rule: 'negated',
    });
    expect(classifyStance(CLAIM, 'The supply of attack drones to Russia has not been confirmed.')).toMatchObject({
      stance: 'neutral',
      rule: 'negated',
    });
  });

  it('negation beyond the clause does not count: "not" before a comma leaves "confirmed" standing', () => {
    const result = classifyStance(
      CLAIM,
      'While the Chinese government might not admit it, the official confirmed the drones were supplied.',
    );
    expect(result).toMatchObject({ stance: 'supports', rule: 'confirmation' });
  });

  it('falsehood and not-true: "false", "baseless", "not true" refute', () => {
    expect(
      classifyStance(
        CLAIM,
        'Beijing called the report that Chinese companies supply drones to Russia false and baseless.',
      ),
    ).toMatchObject({
      stance: 'refutes',
      reason: 'falsehood: "false", "baseless"',
    });
    expect(classifyStance(CLAIM, 'The embassy said the Reuters reporting was not accurate.')).toMatchObject({
      stance: 'refutes',
      rule: 'not-true',
    });
  });

  it('rejection: "rejected the allegation" refutes', () => {
    expect(
      classifyStance(CLAIM, 'China rejected the allegation that its companies supply attack drones to Russia.'),
    ).toMatchObject({
      stance: 'refutes',
      rule: 'rejection',
    });
  });

  it('negated-assertion: "did not" and "has not" are weak refutation', () => {
    const result = classifyStance(
      CLAIM,
      'China has not supplied military attack drones to Russia for the war in Ukraine.',
    );
    expect(result).toMatchObject({ stance: 'refutes', rule: 'negated-assertion' });
    expect(result.confidence).toBeLessThan(
      classifyStance(CLAIM, 'China denied supplying military attack drones to Russia.').confidence,
    );
  });

  it('verification: "verified" supports', () => {
    expect(classifyStance(CLAIM, 'Reuters verified the documents on Chinese attack drones for Russia.')).toMatchObject({
      stance: 'supports',
      rule: 'verification',
    });
  });

  it('conflicting cues of equal weight are neutral', () => {
    expect(classifyStance(CLAIM, 'Officials confirmed the deliveries to Russia; Beijing denied them.')).toMatchObject({
      stance: 'neutral',
      rule: 'conflicting-cues',
    });
  });

  it('restates-claim: another outlet reporting the same thing without cue words is weak support', () => {
    const result = classifyStance(
      'The official alleged that in 2023 a Chinese company had sent military drones to Russia for testing',
      'The official alleged that in 2023 a Chinese company had sent a range of purpose built military drones to Russia for testing, with the ultimate destination being Ukraine.',
    );
    expect(result).toMatchObject({ stance: 'supports', rule: 'restates-claim' });
    expect(result.confidence).toBeLessThan(0.5);
  });

  it('no-cue: an unrelated sentence is neutral with low confidence', () => {
    const result = classifyStance(CLAIM, 'Kamala Harris takes aim at Putin alongside Zelenskyy');
    expect(result).toMatchObject({ stance: 'neutral', rule: 'no-cue', confidence: 0.3 });
    expect(result.relevance).toBeLessThan(0.2);
  });

  it('keeps confidence and relevance within 0..1 for every rule', () => {
    for (const rule of STANCE_RULES) {
      const result = classifyStance(
        CLAIM,
        `Chinese drones for Russia: ${rule.pattern.source.replace(/\\b|[()?:|^$\\]/g, ' ')}`,
      );
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
      expect(result.relevance).toBeLessThanOrEqual(1);
    }
  });
});
