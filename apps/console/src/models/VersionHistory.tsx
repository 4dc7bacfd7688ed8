import { useState } from 'react';
import { rollbackToVersion } from '../api/models.ts';
import type { Comparison, ModelBackend, ModelVersionInfo } from '@parley/protocol';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { dateTime, percent } from '../lib/format.ts';

const BACKEND_NAMES: Record<ModelBackend, string> = {
  heads: 'trained heads',
  'text-classification': 'own classifier',
  'zero-shot': 'zero-shot (NLI)',
};

/** Which backend serves intents and sentiment: heads trained here, the bot's own classifier, or zero-shot. */
function backendText(backends: ModelVersionInfo['backends']): string {
  const intent = `intents: ${BACKEND_NAMES[backends.intent]}`;
  return backends.sentiment === null ? intent : `${intent}; sentiment: ${BACKEND_NAMES[backends.sentiment]}`;
}

interface Props {
  botId: string;
  versions: ModelVersionInfo[];
  isAdmin: boolean;
  /** The latest training job's report, which also scored the model live at the time. */
  latestReport: Comparison | null;
  onChanged(): void;
}

export function VersionHistory({ botId, versions, isAdmin, latestReport, onChanged }: Props) {
  // A version no console job trained (the first, imported one) has no stored evaluation; the latest report scored
  // it on the same held-out examples as its candidate, so that is its score.
  const scoresOf = (version: ModelVersionInfo) =>
    version.evaluation ?? (latestReport?.live?.version === version.version ? latestReport.live : null);
  const [rollingBackTo, setRollingBackTo] = useState<string | null>(null);
  if (versions.length === 0) return <EmptyState>No model versions yet.</EmptyState>;

  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>Model versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Promoted</th>
            <th scope="col">By</th>
            <th scope="col">Override reason</th>
            <th scope="col">Model</th>
            <th scope="col">Macro-F1</th>
            <th scope="col">Training examples</th>
            {isAdmin && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => {
            const scores = scoresOf(version);
            return (
              <tr key={version.version} className={version.status === 'live' ? 'row-live' : undefined}>
                <th scope="row">{version.version}</th>
                <td>
                  <span className={`version-status version-${version.status}`}>{version.status}</span>
                </td>
                <td>{dateTime(version.createdAt)}</td>
                <td>{version.promotedAt ? dateTime(version.promotedAt) : '—'}</td>
                <td>{version.promotedBy?.name ?? '—'}</td>
                <td>{version.overrideReason ?? '—'}</td>
                <td>{backendText(version.backends)}</td>
                <td>{scores ? percent(scores.macroF1) : '—'}</td>
                <td>{version.trainExamples}</td>
                {isAdmin && (
                  <td>
                    {version.wasLive && version.status !== 'live' && (
                      <button
                        type="button"
                        aria-label={`Roll back to ${version.version}`}
                        onClick={() => setRollingBackTo(version.version)}
                      >
                        Roll back
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rollingBackTo && (
        <ConfirmDialog
          title={`Roll back to ${rollingBackTo}?`}
          confirmLabel="Confirm roll back"
          onClose={() => setRollingBackTo(null)}
          onConfirm={async () => {
            await rollbackToVersion(botId, rollingBackTo);
            onChanged();
          }}
        >
          <p>Version {rollingBackTo} serves again right away; the current live version is retired and can be rolled back to later.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
