import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OnnxType } from '../../src/onnx/data-type.ts';
import { OnnxGraphBuilder, type TensorData } from '../../src/onnx/onnx-graph-builder.ts';
import { seededRandom } from '../../src/classifier/training/seeded-random.ts';

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

/**
 * One BERT layer cut down to what an encoder test needs: summed word, token-type and position embeddings,
 * then single-head self-attention masked by attention_mask, a residual and tanh. Tokens really mix, so a
 * backend that ignores the mask or feeds wrong positions produces different vectors.
 */
function modelBytes(seed: number): Uint8Array {
  // Deterministic weights: the test's reference and the encoder must see the same model on every run.
  const random = seededRandom(seed);
  const H = TINY_BERT_HIDDEN;
  const b = new OnnxGraphBuilder();
  const floats = (...dims: number[]): TensorData => {
    const size = dims.reduce((x, y) => x * y, 1);
    return { type: OnnxType.FLOAT, dims, values: Float32Array.from({ length: size }, () => random() * 2 - 1) };
  };
  const scalar = (value: number): TensorData => ({ type: OnnxType.FLOAT, dims: [], values: Float32Array.of(value) });
  const int64 = (dims: number[], ...values: number[]): TensorData => ({
    type: OnnxType.INT64,
    dims,
    values: BigInt64Array.from(values.map(BigInt)),
  });
  const node = (op: string, inputs: string[], name: string, attributes?: Record<string, number | number[]>) =>
    b.addNode(op, inputs, { name, attributes })[0]!;

  for (const name of ['input_ids', 'attention_mask', 'token_type_ids']) b.addInput({ name, type: OnnxType.INT64, dims: ['batch', 'seq'] });

  const words = node('Gather', [b.addInitializer('word_embeddings', floats(TINY_BERT_VOCAB.length, H)), 'input_ids'], 'words');
  const types = node('Gather', [b.addInitializer('token_type_embeddings', floats(2, H)), 'token_type_ids'], 'types');
  const seqLen = node('Gather', [node('Shape', ['input_ids'], 'shape'), b.addInitializer('one_index', int64([], 1))], 'seq_len', {
    axis: 0,
  });
  const positionIds = node(
    'Range',
    [b.addInitializer('zero', int64([], 0)), seqLen, b.addInitializer('step', int64([], 1))],
    'position_ids',
  );
  const positions = node('Gather', [b.addInitializer('position_embeddings', floats(TINY_BERT_MAX_TOKENS, H)), positionIds], 'positions');
  const embeddings = node('Add', [node('Add', [words, types], 'embed_sum'), positions], 'embeddings');

  const project = (name: string) =>
    node(
      'Add',
      [
        node('MatMul', [embeddings, b.addInitializer(`${name}_weight`, floats(H, H))], `${name}_matmul`),
        b.addInitializer(`${name}_bias`, floats(H)),
      ],
      name,
    );
  const keysT = node('Transpose', [project('key')], 'keys_t', { perm: [0, 2, 1] });
  const scores = node(
    'Mul',
    [node('MatMul', [project('query'), keysT], 'qk'), b.addInitializer('scale', scalar(1 / Math.sqrt(H)))],
    'scores',
  );
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
  const probs = node('Softmax', [node('Add', [scores, maskBias], 'masked_scores')], 'probs', { axis: -1 });
  const context = node('MatMul', [probs, project('value')], 'context');
  const attended = node(
    'Add',
    [node('MatMul', [context, b.addInitializer('out_weight', floats(H, H))], 'out_matmul'), b.addInitializer('out_bias', floats(H))],
    'attended',
  );
  b.addNode('Tanh', [node('Add', [attended, embeddings], 'residual')], { name: 'hidden', outputs: ['last_hidden_state'] });
  b.addOutput({ name: 'last_hidden_state', type: OnnxType.FLOAT, dims: ['batch', 'seq', H] });

  return b.toBytes({ graphName: 'tiny_bert', opset: 18, producer: 'parley-test' });
}

export interface TinyBertFiles {
  dir: string;
  tokenizerPath: string;
  modelPath: string;
}

/** Writes a tiny BERT-shaped model in Hugging Face layout (tokenizer files, config.json, onnx/model.onnx) into `dir`. */
export function writeTinyBert(dir: string, seed = 42): TinyBertFiles {
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const tokenizerPath = path.join(dir, 'tokenizer.json');
  const modelPath = path.join(dir, 'onnx', 'model.onnx');
  const json = (file: string, value: object) => writeFileSync(path.join(dir, file), JSON.stringify(value, null, 2));
  json('tokenizer.json', tokenizerJson());
  json('tokenizer_config.json', {
    model_max_length: TINY_BERT_MAX_TOKENS,
    do_lower_case: true,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    tokenizer_class: 'BertTokenizer',
  });
  json('config.json', {
    model_type: 'bert',
    hidden_size: TINY_BERT_HIDDEN,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    max_position_embeddings: TINY_BERT_MAX_TOKENS,
    type_vocab_size: 2,
    vocab_size: TINY_BERT_VOCAB.length,
    pad_token_id: 0,
  });
  writeFileSync(modelPath, modelBytes(seed));
  return { dir, tokenizerPath, modelPath };
}
