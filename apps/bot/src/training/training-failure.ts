/** A training job that did not produce a candidate, with a reason meant for the operator who asked for it. */
export class TrainingFailure extends Error {
  override readonly name = 'TrainingFailure';
}
