import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readArtifact, train, type Example } from '@parley/model';

/** A small support domain: enough for the engine to answer, clarify, fall back and hand off for real. */
const INTENTS: Record<string, string[]> = {
  track_order: [
    'where is my order',
    'track my package',
    'when will my parcel arrive',
    'has my order shipped yet',
    'I want to know the status of my delivery',
    'my order has not arrived',
    'tracking number for my purchase',
    'how long until my order gets here',
  ],
  cancel_order: [
    'cancel my order',
    'I want to cancel the purchase I made',
    'please cancel order 1234',
    'stop my order before it ships',
    'I changed my mind, cancel it',
    'how do I cancel an order',
    'cancel the last thing I bought',
    'I need to cancel my order now',
  ],
  get_refund: [
    'I want my money back',
    'how do I get a refund',
    'refund my payment please',
    'request a refund for my order',
    'when will I get my refund',
    'give me a refund',
    'I would like to be reimbursed',
    'return the money to my card',
  ],
  human_agent: [
    'let me talk to a person',
    'I need to speak with someone',
    'connect me to customer service staff',
    'can I chat with a representative',
    'transfer me to support staff',
    'I want a real human',
    'put me through to an employee',
    'speak to somebody please',
  ],
  change_address: [
    'change my shipping address',
    'update the delivery address',
    'I moved, new address for my order',
    'ship it to a different address',
    'edit my address',
    'wrong address on my order',
    'how do I change where it is delivered',
    'send my order to my office instead',
  ],
};

const SENTIMENT: Record<string, string[]> = {
  negative: [
    'this is terrible service',
    'I am furious, worst experience ever',
    'you people are useless',
    'I hate this, nothing works',
    'absolutely awful, I am so angry',
    'this is a disgrace and a scam',
    'horrible, I am fed up with you',
    'worst company ever, completely unacceptable',
  ],
  neutral: [
    'where is my order',
    'cancel my order please',
    'I would like to change my address',
    'can you tell me the delivery date',
    'how do I get a refund',
    'my order number is 4411',
    'I have a question about shipping',
    'please update my account details',
  ],
  positive: [
    'thank you so much, great help',
    'perfect, that is wonderful',
    'you are amazing, thanks',
    'excellent service, I am happy',
    'great, that solved it',
    'lovely, thanks a lot',
    'awesome support, much appreciated',
    'fantastic, very helpful',
  ],
};

const examples = (byLabel: Record<string, string[]>): Example[] =>
  Object.entries(byLabel).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));

export const TINY_INTENTS = Object.keys(INTENTS);

/** Held-out examples of the tiny domain: close to its training texts, so that any decent model gets them right. */
export const TINY_HELD_OUT: Example[] = [
  { text: 'where is my order now', label: 'track_order' },
  { text: 'track my parcel please', label: 'track_order' },
  { text: 'please cancel my order', label: 'cancel_order' },
  { text: 'I want to cancel my purchase', label: 'cancel_order' },
  { text: 'I want a refund for my money', label: 'get_refund' },
  { text: 'how can I get a refund', label: 'get_refund' },
  { text: 'let me talk to a real person', label: 'human_agent' },
  { text: 'I need to speak with a human', label: 'human_agent' },
  { text: 'change the shipping address', label: 'change_address' },
  { text: 'update my delivery address', label: 'change_address' },
];

/** The examples the tiny model is trained on, for tests that retrain it from a bot's stored examples. */
export const tinyTrainingData = (): { intents: Example[]; sentiment: Example[] } => ({
  intents: examples(INTENTS),
  sentiment: examples(SENTIMENT),
});
export const TINY_SENTIMENTS = Object.keys(SENTIMENT);

/**
 * Trains the tiny model once per machine and reuses it: keyed by the data, in the model cache directory, so
 * every test file (and every run) after the first gets it in milliseconds.
 */
export async function tinyModelDir(): Promise<{ dir: string; version: string }> {
  const data = tinyTrainingData();
  const key = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
  const root = path.join(process.env.PARLEY_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'parley'), 'test-models');
  const dir = path.join(root, `tiny-${key}`);
  if (!existsSync(dir)) {
    mkdirSync(root, { recursive: true });
    const staging = path.join(root, `.tiny-${key}-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    await train(data, { outDir: staging, seed: 7 });
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another test process finished first; its copy is as good as ours.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(dir)) throw error;
    }
  }
  return { dir, version: (await readArtifact(dir)).version };
}
