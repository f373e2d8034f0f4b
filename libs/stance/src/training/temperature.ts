import { softmax } from '../model/mlp';

/**
 * The temperature that minimises the negative log-likelihood of `labels` under
 * softmax(logits / T) (Guo et al. 2017), by golden-section search on log T: deterministic.
 */
export function fitTemperature(logits: ReadonlyArray<ArrayLike<number>>, labels: readonly number[]): number {
  const nll = (logT: number) => {
    const t = Math.exp(logT);
    return logits.reduce((sum, l, i) => sum - Math.log(Math.max(1e-12, softmax(l, t)[labels[i]])), 0);
  };
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.25);
  let hi = Math.log(8);
  for (let step = 0; step < 40; step++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (nll(a) < nll(b)) hi = b;
    else lo = a;
  }
  return Math.round(Math.exp((lo + hi) / 2) * 10000) / 10000;
}
