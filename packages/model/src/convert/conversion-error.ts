/** A TF graph the converter cannot translate; always names the op and the node. */
export class ConversionError extends Error {
  constructor(
    readonly op: string,
    readonly nodeName: string,
    detail: string,
  ) {
    super(`cannot convert TF op ${op} (node "${nodeName}"): ${detail}`);
    this.name = 'ConversionError';
  }
}
