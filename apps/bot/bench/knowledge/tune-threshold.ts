export interface ThresholdSample {
  confidence: number;
  /** Whether the top passage answers the question; false for every unanswerable question. */
  correct: boolean;
  answerable: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  /** Share of questions handled right: a correct answer, or a decline of an unanswerable one. */
  accuracy: number;
  answeredCorrect: number;
  answeredWrong: number;
  declined: number;
}

/**
 * The threshold in 0..1 (steps of 0.01) that handles most dev questions right. An answerable question whose top
 * passage is wrong counts right only when declined: citing the wrong page is worse than saying "I don't know".
 */
export function tuneThreshold(samples: readonly ThresholdSample[]): ThresholdChoice {
  let best: ThresholdChoice | null = null;
  for (let step = 0; step <= 100; step++) {
    const threshold = step / 100;
    let answeredCorrect = 0;
    let answeredWrong = 0;
    let declined = 0;
    let right = 0;
    for (const sample of samples) {
      if (sample.confidence >= threshold) {
        if (sample.correct) answeredCorrect++;
        else answeredWrong++;
        if (sample.correct) right++;
      } else {
        declined++;
        if (!sample.correct) right++;
      }
    }
    const accuracy = Math.round((1000 * right) / Math.max(1, samples.length)) / 10;
    if (!best || accuracy > best.accuracy) best = { threshold, accuracy, answeredCorrect, answeredWrong, declined };
  }
  return best!;
}
