import type { BehaviourScores, Comparison, GateMeasure, HeadlineScores, Scores } from '@parley/protocol';
import { gateVerdict, type GateScores, type GateVerdict } from './gate.ts';
import type { HeldOutSource } from './held-out.ts';

export interface ScoredTasks {
  intent: { candidate: Scores; live: Scores | null };
  sentiment: { candidate: HeadlineScores; live: HeadlineScores | null } | null;
  behaviour: { candidate: BehaviourScores; live: BehaviourScores | null };
}

type Judged = Pick<Comparison, 'heldOut' | 'candidate' | 'live' | 'sentiment' | 'behaviour'>;

function measuresOf(report: Judged, side: 'candidate' | 'live'): GateScores | null {
  const intent = report[side];
  if (!intent) return null;
  const sentiment = report.sentiment?.[side];
  const behaviour = report.behaviour?.[side];
  const examples = report.heldOut.examples;
  return {
    version: intent.version,
    intentMacroF1: { value: intent.macroF1, examples },
    sentimentMacroF1: sentiment ? { value: sentiment.macroF1, examples: sentiment.examples ?? null } : null,
    falseAcceptRate: behaviour ? { value: behaviour.outOfScope.answered, examples: behaviour.outOfScope.count } : null,
    answeredCorrectly: behaviour ? { value: behaviour.inScope.correct, examples: behaviour.inScope.count } : null,
    intentEce: intent.ece === undefined ? null : { value: intent.ece, examples },
  };
}

/**
 * The gate's verdict on a report's scores, new or stored: a report from before a measure was taken has it "not
 * compared", so an older candidate is judged on what was measured then, under today's tolerances.
 */
export function judgeComparison(report: Judged): GateVerdict {
  const unmeasured: Partial<Record<GateMeasure, string>> = {};
  if (!report.sentiment) unmeasured.sentimentMacroF1 = 'no held-out sentiment examples';
  else if (!report.sentiment.live) unmeasured.sentimentMacroF1 = 'the live model has no sentiment head';
  if (!report.behaviour) {
    unmeasured.falseAcceptRate = unmeasured.answeredCorrectly = 'not measured when this job ran';
  }
  if (report.candidate.ece === undefined) unmeasured.intentEce = 'not measured when this job ran';
  return gateVerdict(measuresOf(report, 'candidate')!, measuresOf(report, 'live'), unmeasured);
}

/** The report a training job stores: the scores side by side, their differences and the gate's verdict. */
export function buildComparison(scores: ScoredTasks, heldOut: { examples: number; source: HeldOutSource }): Comparison {
  const { candidate, live } = scores.intent;
  const goldLabels = Object.keys(candidate.perLabel).filter((label) => candidate.perLabel[label]!.support > 0);
  const judged: Judged = { heldOut, candidate, live, sentiment: scores.sentiment, behaviour: scores.behaviour };
  return {
    task: 'intent',
    heldOut,
    candidate,
    live,
    deltas: {
      accuracy: live ? candidate.accuracy - live.accuracy : 0,
      macroF1: live ? candidate.macroF1 - live.macroF1 : 0,
      perLabel: live
        ? Object.fromEntries(goldLabels.map((label) => [label, candidate.perLabel[label]!.f1 - (live.perLabel[label]?.f1 ?? 0)]))
        : {},
    },
    gate: judgeComparison(judged),
    sentiment: scores.sentiment,
    behaviour: scores.behaviour,
  };
}
