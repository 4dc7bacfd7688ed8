import type { RouteHead } from '../artifact-schema.ts';
import type { FittedHead } from './fit-head.ts';
import type { LayerShape } from './head-graph.ts';

type Params = FittedHead['params'];

/**
 * Whether a live head can seed the training of a new one: same script, same labels, same features (the n-gram
 * IDF may differ: it is refitted on the new data, and the old weights are still a close start), same depth, a
 * first layer made of whole members of `hidden` units, and both cross-fitted with the same folds. A label added
 * or removed is a new problem: that head trains cold, with the full schedule a new label needs. A single head
 * (a large route) trains cold too: its validation split is drawn anew from the new data, so the live head has
 * learned some of the examples it would be judged on.
 */
export function canWarmStart(
  live: RouteHead,
  next: Pick<RouteHead, 'language' | 'labels' | 'embedding' | 'ngrams' | 'ngramScale' | 'folds'>,
  layers: readonly LayerShape[],
): boolean {
  const [a, b] = [live.ngrams, next.ngrams];
  const sameNgrams =
    a === null || b === null
      ? a === b
      : a.buckets === b.buckets && a.wordRange.join() === b.wordRange.join() && a.charRange.join() === b.charRange.join();
  const first = live.layers[0]!;
  return (
    next.folds !== undefined &&
    live.folds?.count === next.folds.count &&
    live.folds.seed === next.folds.seed &&
    live.language === next.language &&
    [...live.labels].sort().join('\u0000') === [...next.labels].sort().join('\u0000') &&
    live.embedding === next.embedding &&
    live.ngramScale === next.ngramScale &&
    sameNgrams &&
    live.layers.length === layers.length &&
    first.inputs === layers[0]!.inputs &&
    (layers.length === 1 || first.outputs % layers[0]!.outputs === 0)
  );
}

/**
 * The starting parameters of member `member` taken from a live head (see canWarmStart): the inverse of
 * mergeMembers. A one-hidden-layer head's members sit side by side in its first layer, and their output weights
 * were divided by their count; a linear head is already the members' average. Output columns follow `labels`.
 */
export function warmMember(live: RouteHead, labels: readonly string[], member: number, fresh: Params): Params {
  const liveColumn = new Map(live.labels.map((label, i) => [label, i]));
  const out = fresh.map((p) => ({ weights: p.weights.slice(), bias: p.bias.slice() }));
  const last = out.length - 1;
  const width = out[0]!.bias.length;
  const members = out.length === 1 ? 1 : live.layers[0]!.outputs / width;
  const m = member % members;
  // Hidden layer: member m's columns of the merged first layer.
  if (out.length === 2) {
    const merged = live.layers[0]!;
    for (let row = 0; row < merged.inputs; row++) {
      out[0]!.weights.set(merged.weights.subarray(row * merged.outputs + m * width, row * merged.outputs + (m + 1) * width), row * width);
    }
    out[0]!.bias.set(merged.bias.subarray(m * width, (m + 1) * width));
  }
  // Output layer: the live columns of the labels both heads have.
  const liveOut = live.layers[last]!;
  const rows = out[last]!.weights.length / labels.length;
  const scale = out.length === 2 ? members : 1;
  labels.forEach((label, j) => {
    const i = liveColumn.get(label)!;
    for (let r = 0; r < rows; r++)
      out[last]!.weights[r * labels.length + j] = liveOut.weights[(m * rows + r) * liveOut.outputs + i]! * scale;
    out[last]!.bias[j] = liveOut.bias[i]!;
  });
  return out;
}
