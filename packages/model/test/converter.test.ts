import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { ConversionError, convertTfjsGraphToOnnx, createEncoder, loadTfjsGraph, ModelFileError, supportedTfOps } from '../src/index.ts';
import { packagedUseLiteModelJson } from '../src/encoder/use-lite/use-lite-source.ts';
import { constNode, placeholder, tfType, writeTfjsModel } from './support/tfjs-fixture.ts';
import { silentLogger, tempDir } from './support/quiet.ts';

const USE_OPS = [
  'Add',
  'BatchMatMul',
  'BiasAdd',
  'Cast',
  'ConcatV2',
  'Const',
  'Conv2D',
  'Cos',
  'ExpandDims',
  'GatherNd',
  'GatherV2',
  'Greater',
  'Less',
  'LogicalNot',
  'MatMul',
  'Max',
  'Maximum',
  'Mean',
  'Mul',
  'Pack',
  'Placeholder',
  'Prod',
  'Range',
  'RealDiv',
  'Relu',
  'Reshape',
  'Rsqrt',
  'ScatterNd',
  'Shape',
  'Sin',
  'Slice',
  'Softmax',
  'SparseToDense',
  'SplitV',
  'Square',
  'Squeeze',
  'StridedSlice',
  'Sub',
  'Sum',
  'Tanh',
  'Transpose',
  'Where',
];

async function runOnnx(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const out = await session.run(feeds);
  await session.release();
  return out[Object.keys(out)[0]!]!;
}

test('all 42 op types of the USE-lite graph convert, and the converter lists them as supported', async () => {
  const graph = await loadTfjsGraph(packagedUseLiteModelJson());
  const converted = convertTfjsGraphToOnnx(graph, { outputs: ['module_apply_default/Encoder_en/hidden_layers/l2_normalize'] });
  assert.deepEqual(converted.tfOps, [...USE_OPS].sort());
  assert.equal(converted.tfOps.length, 42);
  for (const op of USE_OPS) assert.ok(supportedTfOps().includes(op), op);
  assert.deepEqual(
    converted.inputs.map((i) => i.name),
    ['indices', 'values'],
  );
});

test('an op the converter does not know fails with an error naming the op and the node', async () => {
  const tmp = tempDir('conv');
  const file = writeTfjsModel(
    tmp.dir,
    [placeholder('x', [-1, 3]), { name: 'my/weird_node', op: 'FancyOp', input: ['x'], attr: { T: tfType.float } }],
    [],
  );
  const graph = await loadTfjsGraph(file);
  assert.throws(
    () => convertTfjsGraphToOnnx(graph),
    (error: unknown) => error instanceof ConversionError && /FancyOp/.test(error.message) && /my\/weird_node/.test(error.message),
  );
  tmp.remove();
});

test('a general (3×3, SAME, stride 2) NHWC Conv2D matches a direct convolution', async () => {
  const [h, w, cin, cout, kh, kw] = [5, 4, 2, 3, 3, 3];
  const kernel = Array.from({ length: kh * kw * cin * cout }, (_, i) => Math.sin(i) / 3);
  const tmp = tempDir('conv');
  const file = writeTfjsModel(
    tmp.dir,
    [
      placeholder('x', [1, h, w, cin]),
      constNode({ name: 'k', shape: [kh, kw, cin, cout], dtype: 'float32', values: kernel }),
      {
        name: 'conv',
        op: 'Conv2D',
        input: ['x', 'k'],
        attr: { T: tfType.float, padding: { s: 'U0FNRQ==' }, strides: { list: { i: ['1', '2', '2', '1'] } } },
      },
    ],
    [{ name: 'k', shape: [kh, kw, cin, cout], dtype: 'float32', values: kernel }],
  );
  const x = Float32Array.from({ length: h * w * cin }, (_, i) => Math.cos(i));
  const out = await runOnnx(convertTfjsGraphToOnnx(await loadTfjsGraph(file)).bytes, { x: new ort.Tensor('float32', x, [1, h, w, cin]) });
  // TF SAME padding with stride 2: output ceil(in/2), padding split with the extra at the end.
  const [oh, ow] = [Math.ceil(h / 2), Math.ceil(w / 2)];
  const padTop = Math.floor(Math.max((oh - 1) * 2 + kh - h, 0) / 2);
  const padLeft = Math.floor(Math.max((ow - 1) * 2 + kw - w, 0) / 2);
  assert.deepEqual(out.dims, [1, oh, ow, cout]);
  const data = out.data as Float32Array;
  for (let oy = 0; oy < oh; oy++)
    for (let ox = 0; ox < ow; ox++)
      for (let o = 0; o < cout; o++) {
        let sum = 0;
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++)
            for (let c = 0; c < cin; c++) {
              const iy = oy * 2 + ky - padTop;
              const ix = ox * 2 + kx - padLeft;
              if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue;
              sum += x[(iy * w + ix) * cin + c]! * kernel[((ky * kw + kx) * cin + c) * cout + o]!;
            }
        assert.ok(Math.abs(data[(oy * ow + ox) * cout + o]! - sum) < 1e-4, `(${oy},${ox},${o})`);
      }
  tmp.remove();
});

test('StridedSlice honours begin/end masks, negative strides, shrink and new axes', async () => {
  const tmp = tempDir('conv');
  const ints = (name: string, values: number[]) => ({ name, shape: [values.length], dtype: 'int32' as const, values });
  const weights = [ints('b', [0, 1, 0, 0]), ints('e', [0, 3, 0, -1]), ints('s', [1, 1, 1, -1])];
  const file = writeTfjsModel(
    tmp.dir,
    [
      placeholder('x', [2, 3, 4]),
      ...weights.map(constNode),
      // x[:, 1:3, tf.newaxis, ::-1] with the first axis kept whole (begin/end mask bit 0).
      {
        name: 'ss',
        op: 'StridedSlice',
        input: ['x', 'b', 'e', 's'],
        attr: { T: tfType.float, Index: tfType.int32, begin_mask: { i: '9' }, end_mask: { i: '9' }, new_axis_mask: { i: '4' } },
      },
    ],
    weights,
  );
  const x = Float32Array.from({ length: 24 }, (_, i) => i);
  const out = await runOnnx(convertTfjsGraphToOnnx(await loadTfjsGraph(file)).bytes, { x: new ort.Tensor('float32', x, [2, 3, 4]) });
  assert.deepEqual(out.dims, [2, 2, 1, 4]);
  const expected: number[] = [];
  for (let a = 0; a < 2; a++) for (let b = 1; b < 3; b++) for (let d = 3; d >= 0; d--) expected.push(a * 12 + b * 4 + d);
  assert.deepEqual(Array.from(out.data as Float32Array), expected);
  tmp.remove();
});

function copyUseModel(dir: string): string {
  const source = path.dirname(packagedUseLiteModelJson());
  for (const f of readdirSync(source))
    if (f === 'model.json' || f === 'vocab.json' || f.startsWith('group1-shard')) copyFileSync(path.join(source, f), path.join(dir, f));
  return path.join(dir, 'model.json');
}

test('a truncated weight shard, a broken model.json or a missing shard gives an error naming the file', async () => {
  const tmp = tempDir('corrupt');
  const modelJson = copyUseModel(tmp.dir);
  const shard = path.join(tmp.dir, 'group1-shard3of7');
  truncateSync(shard, 1000);
  await assert.rejects(loadTfjsGraph(modelJson), (e: unknown) => e instanceof ModelFileError && e.message.includes(shard));
  await assert.rejects(
    createEncoder({ kind: 'use-lite', modelJson, cacheDir: tmp.dir, device: 'cpu' }, silentLogger()),
    (e: unknown) => e instanceof Error && e.message.includes(shard),
  );
  const original = readFileSync(modelJson, 'utf8');
  writeFileSync(modelJson, original.slice(0, 5000));
  await assert.rejects(
    loadTfjsGraph(modelJson),
    (e: unknown) => e instanceof ModelFileError && e.message.includes(modelJson) && /JSON/.test(e.message),
  );
  writeFileSync(modelJson, original.replace('group1-shard7of7', 'group1-shard9of7'));
  await assert.rejects(loadTfjsGraph(modelJson), (e: unknown) => e instanceof ModelFileError && e.message.includes('group1-shard9of7'));
  writeFileSync(modelJson, JSON.stringify({ modelTopology: {}, weightsManifest: [] }));
  await assert.rejects(loadTfjsGraph(modelJson), (e: unknown) => e instanceof ModelFileError && /not a TF\.js graph model/.test(e.message));
  tmp.remove();
});
