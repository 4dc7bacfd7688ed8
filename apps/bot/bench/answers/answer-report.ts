import { computeMetrics } from '@parley/model';
import type { BehaviourRow, Outcome } from '../../src/training/behaviour.ts';
import type { EvalMessage } from './eval-set.ts';

export interface AnswerFigures {
  enCorrect: number;
  enWrong: number;
  enClarify: number;
  enFallback: number;
  enHandoff: number;
  enTop1: number;
  zhCorrect: number;
  zhWrong: number;
  zhTop1: number;
  oosNotAnswered: number;
  smallTalkHandled: number;
  gibberishHandoff: number;
  gibberishWrong: number;
  sentiment: number;
  /** Expected calibration error of the intent confidence on in-scope messages, in points (15 bins). */
  ece: number;
}

export const pct = (part: number, whole: number) => (whole === 0 ? 0 : Number(((100 * part) / whole).toFixed(1)));

/** A row judged by what the bot finally said: 'knowledge' when the knowledge base answered in its stead. */
export type FinalRow = Omit<BehaviourRow, 'outcome'> & { outcome: Outcome | 'knowledge' };

export const finalOutcome = (row: BehaviourRow): FinalRow => (row.knowledge ? { ...row, outcome: 'knowledge' } : row);

/**
 * What the bot did with the evaluation set, per category, as percentages (gibberish handoffs and wrong answers as
 * counts). Rows judged by their final outcome (finalOutcome) count a knowledge answer as none of the outcomes:
 * for out-of-scope messages it is not a wrong answer ("OOS not answered" counts it), for small talk not handled.
 */
export function answerFigures(messages: readonly EvalMessage[], rows: readonly FinalRow[]): AnswerFigures {
  const pick = (test: (m: EvalMessage) => boolean) => rows.filter((_, i) => test(messages[i]!));
  const rate = (of: readonly FinalRow[], test: (r: FinalRow) => boolean) => pct(of.filter(test).length, of.length);
  const en = pick((m) => m.category === 'in_scope' && m.lang === 'en');
  const zh = pick((m) => m.category === 'in_scope' && m.lang === 'zh');
  const oos = pick((m) => m.category === 'out_of_scope');
  const gibberish = pick((m) => m.category === 'gibberish');
  const top1 = (r: FinalRow) => r.classification.intent?.label === r.expected;
  const inScope = [...en, ...zh];
  return {
    enCorrect: rate(en, (r) => r.outcome === 'correct'),
    enWrong: rate(en, (r) => r.outcome === 'wrong'),
    enClarify: rate(en, (r) => r.outcome === 'clarify'),
    enFallback: rate(en, (r) => r.outcome === 'fallback'),
    enHandoff: rate(en, (r) => r.outcome === 'handoff'),
    enTop1: rate(en, top1),
    zhCorrect: rate(zh, (r) => r.outcome === 'correct'),
    zhWrong: rate(zh, (r) => r.outcome === 'wrong'),
    zhTop1: rate(zh, top1),
    oosNotAnswered: rate(oos, (r) => r.outcome !== 'wrong'),
    smallTalkHandled: rate(
      pick((m) => m.category === 'small_talk'),
      (r) => r.outcome === 'correct',
    ),
    gibberishHandoff: gibberish.filter((r) => r.outcome === 'handoff').length,
    gibberishWrong: gibberish.filter((r) => r.outcome === 'wrong' || r.outcome === 'smalltalk').length,
    sentiment: pct(
      rows.filter((r, i) => r.classification.sentiment?.label === messages[i]!.sentiment).length,
      rows.filter((r) => r.classification.sentiment).length,
    ),
    ece: Number((100 * calibrationError(inScope)).toFixed(2)),
  };
}

/** ECE of the top intent's confidence, as computeMetrics measures it. */
function calibrationError(rows: readonly FinalRow[]): number {
  if (rows.length === 0) return 0;
  return computeMetrics({
    gold: rows.map((r) => r.expected),
    predicted: rows.map((r) => r.classification.intent?.label ?? ''),
    confidence: rows.map((r) => r.classification.intent?.confidence ?? 0),
  }).ece;
}
