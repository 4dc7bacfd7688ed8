/** A model file that is missing, truncated or corrupt; the message starts with the file's path. */
export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'ModelFileError';
  }
}
