import type { Logger } from 'pino';
import type { KeyedSerial } from '../conversation/keyed-serial.ts';
import { findBot } from '../db/bot-store.ts';
import type { Queryable } from '../db/database.ts';
import { findModelVersion, listLiveModels } from '../db/model-version-store.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import type { ClusterBus } from './cluster-bus.ts';

interface Deps {
  db: Queryable;
  models: ModelRegistry;
  serial: KeyedSerial;
  logger: Logger;
}

/**
 * Keeps this node serving the live model the database names when another node promotes or rolls back one. The
 * notice only says which bot changed: the node reads the live version from the database, so notices arriving
 * out of order (a promotion and a quick rollback) still end on the right model. Loads run in the same per-bot
 * serial as deployments.ts. Artifacts are read from the shared data directory; one this node cannot load is
 * logged and the previous model keeps serving.
 */
export function followModelChanges(deps: Deps, bus: ClusterBus): void {
  const sync = (botId: string) =>
    deps.serial.run(`model-deployment:${botId}`, async () => {
      const live = (await findBot(deps.db, botId))?.activeModelVersion;
      if (!live || deps.models.current(botId)?.version === live) return;
      const version = await findModelVersion(deps.db, botId, live);
      if (!version) return;
      try {
        await deps.models.activate(botId, live, version.artifactDir);
      } catch (error) {
        deps.logger.error(
          { err: error, botId, version: live, artifactDir: version.artifactDir, serving: deps.models.current(botId)?.version ?? null },
          'cannot load the model another node made live (is PARLEY_DATA_DIR shared by every node?); the previous model keeps serving',
        );
      }
    });
  bus.on('model', ({ botId }) => sync(botId));
  bus.onResync(async () => {
    for (const live of await listLiveModels(deps.db)) if (deps.models.current(live.botId)?.version !== live.version) await sync(live.botId);
  });
}
