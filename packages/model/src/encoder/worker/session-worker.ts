import { Writable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { pino } from 'pino';
import { openBackend, type ParsedEncoderOptions } from '../create-encoder.ts';
import type { EncoderBackend } from '../encoder-types.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

/** The model's side of a worker-backed encoder: opens the backend here and encodes the batches it is sent. */
const port = parentPort!;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

// Log records travel to the main thread, which writes them with its own logger.
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) send({ type: 'log', record: JSON.parse(line) as Record<string, unknown> });
      done();
    },
  }),
);

let backend: EncoderBackend | undefined;

port.on('message', (message: ToWorker) => {
  void handle(message);
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'open':
      try {
        backend = await openBackend({ ...message.options, cache: false } as ParsedEncoderOptions, logger);
        send({ type: 'ready', id: backend.id, dim: backend.dim, device: backend.device, maxTokens: backend.maxTokens });
      } catch (error) {
        send({ type: 'open-failed', message: (error as Error).message });
      }
      return;
    case 'encode':
      try {
        const vectors = await backend!.encodeTokenized(message.batch);
        send({ type: 'encoded', seq: message.seq, vectors }, [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))]);
      } catch (error) {
        send({ type: 'encode-failed', seq: message.seq, message: (error as Error).message });
      }
      return;
    case 'close':
      await backend?.close();
      send({ type: 'closed' });
      port.close();
      return;
  }
}
