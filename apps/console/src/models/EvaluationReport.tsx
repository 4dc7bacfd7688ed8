import { useState } from 'react';
import type { Comparison } from '../api/types.ts';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { GateTable } from './GateTable.tsx';
import { PerIntentTable } from './PerIntentTable.tsx';
import { ScoreComparison } from './ScoreComparison.tsx';

/** The candidate against the live model on the same held-out examples. */
export function EvaluationReport({ report }: { report: Comparison }) {
  const [showLive, setShowLive] = useState(false);
  const scores = showLive && report.live ? report.live : report.candidate;

  return (
    <section className="evaluation" aria-labelledby="evaluation-title">
      <h3 id="evaluation-title">Evaluation report</h3>
      <GateTable report={report} />
      <ScoreComparison report={report} />
      <PerIntentTable report={report} />
      <div className="section-header">
        <h4>Confusion matrix</h4>
        {report.live && (
          <fieldset className="toggle">
            <legend className="visually-hidden">Model shown in the confusion matrix</legend>
            <label className="radio">
              <input type="radio" name="confusion-model" checked={!showLive} onChange={() => setShowLive(false)} /> Candidate
            </label>
            <label className="radio">
              <input type="radio" name="confusion-model" checked={showLive} onChange={() => setShowLive(true)} /> Live
            </label>
          </fieldset>
        )}
      </div>
      <ConfusionMatrix scores={scores} title={`${showLive ? 'Live' : 'Candidate'} model ${scores.version}`} />
    </section>
  );
}
