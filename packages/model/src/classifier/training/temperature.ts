import { scoreLogits } from './fit-head.ts';

/**
 * Temperature scaling: the T that minimises validation NLL of softmax(logits / T), found by golden-section
 * search over log T (the NLL is unimodal in T).
 */
export function fitTemperature(logits: Float32Array, labels: Int32Array, classes: number): number {
  const nll = (logT: number) => scoreLogits(logits, labels, classes, Math.exp(logT)).loss;
  let [lo, hi] = [Math.log(0.05), Math.log(20)];
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let [fa, fb] = [nll(a), nll(b)];
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      hi = b;
      [b, fb] = [a, fa];
      a = hi - phi * (hi - lo);
      fa = nll(a);
    } else {
      lo = a;
      [a, fa] = [b, fb];
      b = lo + phi * (hi - lo);
      fb = nll(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}
