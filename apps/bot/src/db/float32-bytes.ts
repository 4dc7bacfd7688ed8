/** Embeddings travel as bytea on both engines (no pgvector): the raw float32 bytes in the platform's order. */
export const float32ToBytes = (vector: Float32Array): Buffer => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

/** Copies, because a driver's Buffer may sit at an offset in a shared pool that is not 4-byte aligned. */
export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new RangeError(`an embedding of ${bytes.byteLength} bytes is not float32`);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
