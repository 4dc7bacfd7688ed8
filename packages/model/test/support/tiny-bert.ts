import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OnnxType } from '../../src/onnx/data-type.ts';
import { OnnxGraphBuilder, type TensorData } from '../../src/onnx/onnx-graph-builder.ts';
import { seededRandom } from '../../src/classifier/training/seeded-random.ts';
import { quantizeMatMulWeights } from '../../src/onnx/quantize-weights.ts';

export const TINY_BERT_HIDDEN = 8;
/** tokenizer_config's model_max_length, and the number of position embeddings. */
export const TINY_BERT_MAX_TOKENS = 16;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = [
  '.',
  ',',
  ':',
  '?',
  '!',
  'the',
  'a',
  'cat',
  'dog',
  'sat',
  'on',
  'mat',
  'quick',
  'brown',
  'fox',
  'jump',
  'over',
  'lazy',
  'query',
  'passage',
  'hello',
  'world',
  'is',
  'was',
  'good',
  'bad',
  'movie',
  'great',
  'food',
  'play',
  'run',
  'walk',
  'talk',
  'happy',
  'day',
  'night',
  'time',
  'warm',
  'un',
  '##ing',
  '##ed',
  '##s',
  '##ly',
  '##up',
  '##happy',
];
export const TINY_BERT_VOCAB: readonly string[] = [...SPECIAL_TOKENS, ...WORDS];

function tokenizerJson(): object {
  const special = (token: string) => ({ id: token, type_id: 0 });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [TINY_BERT_VOCAB.indexOf(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_BERT_VOCAB.map((token, id) => [token, id])),
    },
  };
}

/** The shape of a generated model; the defaults are the tiny encoder the HF tests use. */
export interface TinyBertShape {
  hidden?: number;
  layers?: number;
  /** Width of each layer's feed-forward block; 0: none (the tiny model). */
  intermediate?: number;
  /** Position embeddings, and tokenizer_config's model_max_length. */
  maxTokens?: number;
  /** A sequence-classification head over [CLS] with these labels: the model outputs `logits` [batch, labels]. */
  labels?: readonly string[];
  seed?: number;
}

/**
 * BERT layers cut down to what an encoder test needs: summed word, token-type and position embeddings, then per
 * layer single-head self-attention masked by attention_mask, a residual and tanh (and optionally a ReLU
 * feed-forward block). Tokens really mix, so a backend that ignores the mask or feeds wrong positions produces
 * different vectors.
 */
function modelBytes(shape: Required<Omit<TinyBertShape, 'labels'>> & { labels?: readonly string[] | undefined }): Uint8Array {
  // Deterministic weights: the test's reference and the encoder must see the same model on every run.
  const random = seededRandom(shape.seed);
  const H = shape.hidden;
  const b = new OnnxGraphBuilder();
  const floats = (dims: number[], scale = 1): TensorData => {
    const size = dims.reduce((x, y) => x * y, 1);
    return { type: OnnxType.FLOAT, dims, values: Float32Array.from({ length: size }, () => (random() * 2 - 1) * scale) };
  };
  const scalar = (value: number): TensorData => ({ type: OnnxType.FLOAT, dims: [], values: Float32Array.of(value) });
  const int64 = (dims: number[], ...values: number[]): TensorData => ({
    type: OnnxType.INT64,
    dims,
    values: BigInt64Array.from(values.map(BigInt)),
  });
  const node = (op: string, inputs: string[], name: string, attributes?: Record<string, number | number[]>) =>
    b.addNode(op, inputs, { name, attributes })[0]!;
  // Wide layers are scaled like a trained model's (±1/sqrt(fan-in)), so that they do not saturate tanh.
  const linear = (input: string, name: string, from: number, to: number) =>
    node(
      'Add',
      [
        node(
          'MatMul',
          [input, b.addInitializer(`${name}_weight`, floats([from, to], from > TINY_BERT_HIDDEN ? 1 / Math.sqrt(from) : 1))],
          `${name}_matmul`,
        ),
        b.addInitializer(`${name}_bias`, floats([to])),
      ],
      name,
    );

  for (const name of ['input_ids', 'attention_mask', 'token_type_ids']) b.addInput({ name, type: OnnxType.INT64, dims: ['batch', 'seq'] });

  const words = node('Gather', [b.addInitializer('word_embeddings', floats([TINY_BERT_VOCAB.length, H])), 'input_ids'], 'words');
  const types = node('Gather', [b.addInitializer('token_type_embeddings', floats([2, H])), 'token_type_ids'], 'types');
  const seqLen = node('Gather', [node('Shape', ['input_ids'], 'shape'), b.addInitializer('one_index', int64([], 1))], 'seq_len', {
    axis: 0,
  });
  const positionIds = node(
    'Range',
    [b.addInitializer('zero', int64([], 0)), seqLen, b.addInitializer('step', int64([], 1))],
    'position_ids',
  );
  const positions = node('Gather', [b.addInitializer('position_embeddings', floats([shape.maxTokens, H])), positionIds], 'positions');
  let hidden = node('Add', [node('Add', [words, types], 'embed_sum'), positions], 'embeddings');

  // BERT's extended attention mask: (1 - mask) * -10000 added to every query's scores for padded keys.
  const mask = node(
    'Unsqueeze',
    [node('Cast', ['attention_mask'], 'mask_float', { to: OnnxType.FLOAT }), b.addInitializer('axis1', int64([1], 1))],
    'mask_b1s',
  );
  const maskBias = node(
    'Mul',
    [node('Sub', [b.addInitializer('one', scalar(1)), mask], 'inverted_mask'), b.addInitializer('neg', scalar(-10000))],
    'mask_bias',
  );
  const scale = b.addInitializer('scale', scalar(1 / Math.sqrt(H)));

  for (let layer = 0; layer < shape.layers; layer++) {
    const p = `l${layer}_`;
    const input = hidden;
    const keysT = node('Transpose', [linear(input, `${p}key`, H, H)], `${p}keys_t`, { perm: [0, 2, 1] });
    const scores = node('Mul', [node('MatMul', [linear(input, `${p}query`, H, H), keysT], `${p}qk`), scale], `${p}scores`);
    const probs = node('Softmax', [node('Add', [scores, maskBias], `${p}masked_scores`)], `${p}probs`, { axis: -1 });
    const context = node('MatMul', [probs, linear(input, `${p}value`, H, H)], `${p}context`);
    hidden = node('Tanh', [node('Add', [linear(context, `${p}out`, H, H), input], `${p}residual`)], `${p}hidden`);
    if (shape.intermediate > 0) {
      const up = node('Relu', [linear(hidden, `${p}ffn_up`, H, shape.intermediate)], `${p}ffn_act`);
      hidden = node('Tanh', [node('Add', [linear(up, `${p}ffn_down`, shape.intermediate, H), hidden], `${p}ffn_residual`)], `${p}ffn_out`);
    }
  }
  b.addNode('Identity', [hidden], { name: 'last_hidden', outputs: ['last_hidden_state'] });
  b.addOutput({ name: 'last_hidden_state', type: OnnxType.FLOAT, dims: ['batch', 'seq', H] });

  if (shape.labels) {
    // BertForSequenceClassification: a tanh pooler over [CLS], then a linear layer to one logit per label.
    const cls = node('Gather', ['last_hidden_state', b.addInitializer('cls_index', int64([], 0))], 'cls', { axis: 1 });
    const pooled = node('Tanh', [linear(cls, 'pooler', H, H)], 'pooled');
    b.addNode('Identity', [linear(pooled, 'classifier', H, shape.labels.length)], { name: 'logits_out', outputs: ['logits'] });
    b.addOutput({ name: 'logits', type: OnnxType.FLOAT, dims: ['batch', shape.labels.length] });
  }

  return b.toBytes({ graphName: 'tiny_bert', opset: 18, producer: 'parley-test' });
}

export interface TinyBertFiles {
  dir: string;
  tokenizerPath: string;
  modelPath: string;
  /** onnx/model_quantized.onnx: the same model with int8 weight matrices, what dtype 'q8' loads. */
  quantizedPath: string;
}

/**
 * Writes a BERT-shaped model in Hugging Face layout (tokenizer files, config.json, onnx/model.onnx and its q8
 * variant onnx/model_quantized.onnx) into `dir`: by default the tiny encoder, or any TinyBertShape.
 */
export function writeTinyBert(dir: string, seedOrShape: number | TinyBertShape = 42): TinyBertFiles {
  const given = typeof seedOrShape === 'number' ? { seed: seedOrShape } : seedOrShape;
  const shape = {
    hidden: TINY_BERT_HIDDEN,
    layers: 1,
    intermediate: 0,
    maxTokens: TINY_BERT_MAX_TOKENS,
    seed: 42,
    ...given,
  };
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const tokenizerPath = path.join(dir, 'tokenizer.json');
  const modelPath = path.join(dir, 'onnx', 'model.onnx');
  const quantizedPath = path.join(dir, 'onnx', 'model_quantized.onnx');
  const json = (file: string, value: object) => writeFileSync(path.join(dir, file), JSON.stringify(value, null, 2));
  json('tokenizer.json', tokenizerJson());
  json('tokenizer_config.json', {
    model_max_length: shape.maxTokens,
    do_lower_case: true,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    tokenizer_class: 'BertTokenizer',
  });
  const labels = shape.labels;
  json('config.json', {
    model_type: 'bert',
    ...(labels
      ? {
          architectures: ['BertForSequenceClassification'],
          id2label: Object.fromEntries(labels.map((label, i) => [String(i), label])),
          label2id: Object.fromEntries(labels.map((label, i) => [label, i])),
        }
      : {}),
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: 1,
    intermediate_size: shape.intermediate,
    max_position_embeddings: shape.maxTokens,
    type_vocab_size: 2,
    vocab_size: TINY_BERT_VOCAB.length,
    pad_token_id: 0,
  });
  const bytes = modelBytes(shape);
  writeFileSync(modelPath, bytes);
  writeFileSync(quantizedPath, quantizeMatMulWeights(bytes).bytes);
  return { dir, tokenizerPath, modelPath, quantizedPath };
}
