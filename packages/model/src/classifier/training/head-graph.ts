import { OnnxType } from '../../onnx/data-type.ts';
import { OnnxGraphBuilder } from '../../onnx/onnx-graph-builder.ts';

export interface LayerShape {
  inputs: number;
  outputs: number;
  activation: 'relu' | 'none';
}

/**
 * ONNX graphs for a dense classification head (a stack of Gemm layers): `infer` maps features to logits;
 * `train` also takes one-hot targets and per-example weights and returns the weighted cross-entropy and its
 * gradient for every parameter. Training runs these on ONNX Runtime because its GEMMs are two orders of
 * magnitude faster than typed-array loops; the optimiser itself stays in TypeScript.
 *
 * With `sparseInput`, the first layer's input is split: `x` holds only its first `denseInputs` columns (the
 * sentence embedding; none when 0), and `s` [batch, outputs₀] carries the product of the remaining sparse
 * n-gram columns with their weights, computed by the caller, which is the cheap way for a row with ~80 of
 * 4,096–16,384 columns set. The train graph then also returns `dz0`, the gradient at the first layer's
 * pre-activation, from which the caller forms the sparse rows' gradients.
 */
export function headGraph(
  layers: readonly LayerShape[],
  mode: 'infer' | 'train',
  /** Trained parameters to bake in as initializers (inference only): the session then takes only `x`. */
  frozen?: ReadonlyArray<{ weights: Float32Array; bias: Float32Array }>,
  sparseInput?: { denseInputs: number },
): Uint8Array {
  if (frozen && mode !== 'infer') throw new Error('only an inference graph can have frozen parameters');
  if (frozen && sparseInput) throw new Error('a frozen graph takes dense input');
  const g = new OnnxGraphBuilder();
  const F = OnnxType.FLOAT;
  const node = (op: string, inputs: string[], name: string, attributes?: Record<string, number | number[]>) =>
    g.addNode(op, inputs, { name, attributes })[0]!;
  const dense = sparseInput ? sparseInput.denseInputs : layers[0]!.inputs;
  const x = dense > 0 ? g.addInput({ name: 'x', type: F, dims: ['batch', dense] }) : undefined;
  const s = sparseInput ? g.addInput({ name: 's', type: F, dims: ['batch', layers[0]!.outputs] }) : undefined;
  const params = layers.map((l, i) =>
    frozen
      ? {
          w: g.addInitializer(`w${i}`, { type: F, dims: [l.inputs, l.outputs], values: frozen[i]!.weights }),
          b: g.addInitializer(`b${i}`, { type: F, dims: [l.outputs], values: frozen[i]!.bias }),
        }
      : {
          w: i === 0 && dense === 0 ? undefined : g.addInput({ name: `w${i}`, type: F, dims: [i === 0 ? dense : l.inputs, l.outputs] }),
          b: g.addInput({ name: `b${i}`, type: F, dims: [l.outputs] }),
        },
  );

  // Forward: keep each layer's input and pre-activation for the backward pass.
  const layerInputs: string[] = [];
  const preActivations: string[] = [];
  let a = x ?? '';
  layers.forEach((layer, i) => {
    layerInputs.push(a);
    let z: string;
    if (i > 0 || !s) z = node('Gemm', [a, params[i]!.w!, params[i]!.b], `layer${i}`);
    else if (x) z = node('Add', [node('Gemm', [x, params[0]!.w!, params[0]!.b], 'layer0_dense'), s], 'layer0');
    else z = node('Add', [s, params[0]!.b], 'layer0');
    preActivations.push(z);
    a = layer.activation === 'relu' ? node('Relu', [z], `relu${i}`) : z;
  });
  const classes = layers.at(-1)!.outputs;
  if (mode === 'infer') {
    g.addNode('Identity', [a], { name: 'logits', outputs: ['logits'] });
    g.addOutput({ name: 'logits', type: F, dims: ['batch', classes] });
    return g.toBytes({ graphName: 'head-infer', opset: 18, producer: 'parley-head' });
  }

  const targets = g.addInput({ name: 'targets', type: F, dims: ['batch', classes] });
  const weights = g.addInput({ name: 'weights', type: F, dims: ['batch'] });
  const axis1 = g.addInitializer('axis1', { type: OnnxType.INT64, dims: [1], values: BigInt64Array.of(1n) });
  const axis0 = g.addInitializer('axis0', { type: OnnxType.INT64, dims: [1], values: BigInt64Array.of(0n) });
  const weightColumn = node('Unsqueeze', [weights, axis1], 'weight_column');

  // loss = −Σᵢ wᵢ log pᵢ[yᵢ]; weights are normalised by the caller to sum to 1 over the batch.
  const logProbs = node('LogSoftmax', [a], 'log_probs', { axis: 1 });
  const picked = node('ReduceSum', [node('Mul', [logProbs, targets], 'picked_terms'), axis1], 'picked', { keepdims: 0 });
  const loss = node('Neg', [node('ReduceSum', [node('Mul', [picked, weights], 'weighted'), axis0], 'sum', { keepdims: 0 })], 'neg');
  g.addNode('Identity', [loss], { name: 'loss', outputs: ['loss'] });
  g.addOutput({ name: 'loss', type: F, dims: [] });

  // Backward: dL/dz = (softmax − targets) · w, then through each Gemm and ReLU.
  let grad = node('Mul', [node('Sub', [node('Softmax', [a], 'probs', { axis: 1 }), targets], 'residual'), weightColumn], 'grad_out');
  for (let i = layers.length - 1; i >= 0; i--) {
    const inputs = i === 0 ? dense : layers[i]!.inputs;
    if (inputs > 0) {
      g.addNode('Gemm', [layerInputs[i]!, grad], { name: `dw${i}`, outputs: [`dw${i}`], attributes: { transA: 1 } });
      g.addOutput({ name: `dw${i}`, type: F, dims: [inputs, layers[i]!.outputs] });
    }
    g.addNode('ReduceSum', [grad, axis0], { name: `db${i}`, outputs: [`db${i}`], attributes: { keepdims: 0 } });
    g.addOutput({ name: `db${i}`, type: F, dims: [layers[i]!.outputs] });
    if (i === 0 && s) {
      g.addNode('Identity', [grad], { name: 'dz0', outputs: ['dz0'] });
      g.addOutput({ name: 'dz0', type: F, dims: ['batch', layers[0]!.outputs] });
    }
    if (i > 0) {
      const upstream = node('Gemm', [grad, params[i]!.w!], `dx${i}`, { transB: 1 });
      const active = node(
        'Cast',
        [
          node(
            'Greater',
            [preActivations[i - 1]!, g.addInitializer(`zero${i}`, { type: F, dims: [], values: Float32Array.of(0) })],
            `active${i}`,
          ),
        ],
        `mask${i}`,
        { to: F },
      );
      grad = layers[i - 1]!.activation === 'relu' ? node('Mul', [upstream, active], `dz${i - 1}`) : upstream;
    }
  }
  return g.toBytes({ graphName: 'head-train', opset: 18, producer: 'parley-head' });
}
