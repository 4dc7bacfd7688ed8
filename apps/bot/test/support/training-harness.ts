import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OperatorServerToClientEvents } from '@parley/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import type { Database } from '../../src/db/database.ts';
import { addModelVersion, promoteModelVersion } from '../../src/db/model-version-store.ts';
import { TrainingJobs, type TrainingJobsOptions } from '../../src/training/training-jobs.ts';
import { startApi, tinyModelArtifact, type ApiHarness } from './api-harness.ts';

export interface TrainingApi extends ApiHarness {
  /** The data dir its training jobs write models and the embedding cache to. */
  dataDir: string;
  /** Another TrainingJobs on the same app and data dir (other limits), closed with the harness. */
  trainingJobs(options?: Partial<TrainingJobsOptions>): TrainingJobs;
  /** An operator socket of the session `token`, joined to its workspace room once this resolves. */
  operatorSocket(token: string): Promise<Socket<OperatorServerToClientEvents>>;
}

/** startApi with retraining on a temp data dir of its own; closing stops any training first. */
export async function startTrainingApi(db: Database, options: Partial<TrainingJobsOptions> = {}): Promise<TrainingApi> {
  const api = await startApi(db);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-training-test-'));
  const made: TrainingJobs[] = [];
  const trainingJobs = (overrides: Partial<TrainingJobsOptions> = {}) => {
    const jobs = new TrainingJobs({ db, publisher: api.ctx.publisher, logger: api.ctx.logger }, { dataDir, ...options, ...overrides });
    made.push(jobs);
    return jobs;
  };
  api.ctx.training = trainingJobs();
  return {
    ...api,
    dataDir,
    trainingJobs,
    async operatorSocket(token) {
      const socket: Socket<OperatorServerToClientEvents> = connect(`${api.origin}/operator`, {
        transports: ['websocket'],
        reconnection: false,
        auth: { token },
        forceNew: true,
      });
      api.sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      await Promise.all(made.map((jobs) => jobs.close()));
      await api.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Serves the tiny model for `botId` under a version name of its own (versions are unique server-wide). */
export async function serveTinyModelVersion(api: ApiHarness, botId: string): Promise<string> {
  const { version, artifactDir } = await tinyModelArtifact();
  const own = `${version}-${randomBytes(4).toString('hex')}`;
  await addModelVersion(api.ctx.db, { botId, version: own, artifactDir });
  await promoteModelVersion(api.ctx.db, { botId, version: own });
  await api.ctx.models.activate(botId, own, artifactDir);
  return own;
}
