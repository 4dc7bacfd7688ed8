import type { BehaviourRow } from '../../src/training/behaviour.ts';
import type { DemoQuestion } from './demo-questions.ts';
import type { EvalMessage } from './eval-set.ts';

/** What the bot (classify → decide → knowledge) did with the demo help centre's test questions, as counts. */
export interface KnowledgeQuestionCounts {
  answerable: {
    total: number;
    /** Answered from the knowledge base, citing the article that answers it. */
    right: number;
    /** Answered by an intent (or small talk) instead: no intent answers these questions. */
    byIntent: number;
    /** Answered from the knowledge base, citing another article. */
    wrongArticle: number;
    /** Fell back, asked which of two intents, or handed off. */
    notAnswered: number;
  };
  unanswerable: {
    total: number;
    /** Answered from the knowledge base: a miss, the articles do not say. */
    answered: number;
    byIntent: number;
    notAnswered: number;
  };
}

export type QuestionVerdict = 'right' | 'byIntent' | 'wrongArticle' | 'answered' | 'notAnswered';

/** One question's verdict; `fileOf` maps a stored document id to its file (`en/shipping.md`). */
export function questionVerdict(question: DemoQuestion, row: BehaviourRow, fileOf: ReadonlyMap<string, string>): QuestionVerdict {
  if (row.knowledge) {
    if (!question.answerable) return 'answered';
    return row.knowledge.documentId !== null && fileOf.get(row.knowledge.documentId) === question.document ? 'right' : 'wrongArticle';
  }
  return row.decision.decision === 'answer' || row.decision.decision === 'smalltalk' ? 'byIntent' : 'notAnswered';
}

export function countQuestions(verdicts: ReadonlyArray<{ question: DemoQuestion; verdict: QuestionVerdict }>): KnowledgeQuestionCounts {
  const counts: KnowledgeQuestionCounts = {
    answerable: { total: 0, right: 0, byIntent: 0, wrongArticle: 0, notAnswered: 0 },
    unanswerable: { total: 0, answered: 0, byIntent: 0, notAnswered: 0 },
  };
  for (const { question, verdict } of verdicts) {
    if (question.answerable) {
      counts.answerable.total++;
      if (verdict !== 'answered') counts.answerable[verdict]++;
    } else {
      counts.unanswerable.total++;
      if (verdict === 'answered' || verdict === 'byIntent' || verdict === 'notAnswered') counts.unanswerable[verdict]++;
    }
  }
  return counts;
}

/** How the knowledge base changed the engine's decisions on the evaluation set (rows of a run with it). */
export interface EvalSetKnowledge {
  /** Out-of-scope messages answered from the knowledge base; some are right (see demo/knowledge/README.md). */
  outOfScopeAnsweredByKnowledge: number;
  /** Of the out-of-scope messages demo/knowledge/README.md says the articles answer (those in this run), how many were. */
  outOfScopeCovered: { answered: number; total: number };
  /** In-scope messages whose intent answer (right or wrong) the knowledge answer replaced: should be about 0. */
  inScopeReplaced: number;
  /** In-scope messages the knowledge base answered instead of a clarifying question, a fallback or a handoff. */
  inScopeAnsweredByKnowledge: number;
  smallTalkAnsweredByKnowledge: number;
  gibberishAnsweredByKnowledge: number;
}

export function evalSetKnowledge(
  messages: readonly EvalMessage[],
  rows: readonly BehaviourRow[],
  covered: (text: string) => boolean,
): EvalSetKnowledge {
  const answered = (category: EvalMessage['category']) => rows.filter((r, i) => r.knowledge && messages[i]!.category === category);
  const inScope = answered('in_scope');
  const coveredRows = rows.filter((_, i) => messages[i]!.category === 'out_of_scope' && covered(messages[i]!.text));
  return {
    outOfScopeAnsweredByKnowledge: answered('out_of_scope').length,
    outOfScopeCovered: { answered: coveredRows.filter((r) => r.knowledge).length, total: coveredRows.length },
    inScopeReplaced: inScope.filter((r) => r.decision.decision === 'answer').length,
    inScopeAnsweredByKnowledge: inScope.filter((r) => r.decision.decision !== 'answer').length,
    smallTalkAnsweredByKnowledge: answered('small_talk').length,
    gibberishAnsweredByKnowledge: answered('gibberish').length,
  };
}
