/** A document that cannot be read (not a PDF, empty, too big, no text layer); the message is for people. */
export class DocumentParseError extends Error {
  override readonly name = 'DocumentParseError';
}
