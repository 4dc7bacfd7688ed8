import { useState } from 'react';
import type { Comparison } from '@parley/protocol';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { GateTable } from './GateTable.tsx';
import { PerIntentTable } from './PerIntentTable.tsx';
import { reportNames } from './report-names.ts';
import { ScoreComparison } from './ScoreComparison.tsx';

/** The candidate against the live model on the same held-out examples. */
export function EvaluationReport({ report, liveVersion }: { report: Comparison; liveVersion: string | null }) {
  const [showLive, setShowLive] = useState(false);
  const names = reportNames(report, liveVersion);
  const scores = showLive && report.live ? report.live : report.candidate;

  return (
    <section className="evaluation" aria-labelledby="evaluation-title">
      <h3 id="evaluation-title">Evaluation report</h3>
      <GateTable report={report} names={names} />
      <ScoreComparison report={report} names={names} />
      <PerIntentTable report={report} names={names} />
      <div className="section-header">
        <h4>Confusion matrix</h4>
        {report.live && (
          <fieldset className="toggle">
            <legend className="visually-hidden">Model shown in the confusion matrix</legend>
            <label className="radio">
              <input type="radio" name="confusion-model" checked={!showLive} onChange={() => setShowLive(false)} /> {names.candidate}
            </label>
            <label className="radio">
              <input type="radio" name="confusion-model" checked={showLive} onChange={() => setShowLive(true)} /> {names.baseline}
            </label>
          </fieldset>
        )}
      </div>
      <ConfusionMatrix scores={scores} title={`${showLive ? names.baseline : names.candidate} model ${scores.version}`} />
    </section>
  );
}
