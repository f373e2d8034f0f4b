/**
 * Word lists behind the hand features (after Baird et al.'s FNC-1 baseline, extended).
 * They are inputs to the model, which learns how much each matters; they decide nothing alone.
 */
const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

export const REFUTING_WORDS = words(
  'fake fraud hoax hoaxes false falsely deny denies denied denying denial denials nope doubt doubts doubtful bogus ' +
    'debunk debunked debunks debunking prank pranks retract retracted retraction untrue fabricated fabrication ' +
    'baseless groundless misleading satire satirical myth incorrect inaccurate refute refutes refuted dismiss ' +
    'dismissed dismisses reject rejected rejects rebut rebutted spoof parody unfounded erroneous wrong lie lies lied ' +
    'scam contrary disputed disputes',
);

export const HEDGING_WORDS = words(
  'allegedly alleged alleges reportedly purportedly purported supposedly apparently rumor rumors rumour rumours ' +
    'rumored rumoured unconfirmed unverified claims claimed claim speculation speculated speculate possibly perhaps ' +
    'may might could appears appear suggests suggest report reports reported according believed thought uncertain ' +
    'unclear',
);

export const SUPPORTING_WORDS = words(
  'confirmed confirms confirm confirmation verified verifies officially official revealed reveals announced indeed ' +
    'evidence proof proves proved shows showed true accurate correct genuine authentic footage photos',
);

export const NEGATION_WORDS = words('not no never none nobody nothing neither nor without cannot');
