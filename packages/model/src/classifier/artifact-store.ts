import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ModelFileError } from '../model-file-error.ts';
import { modelArtifactSchema, type ModelArtifact } from './artifact-schema.ts';

/**
 * On disk a model version is one directory: manifest.json (the artifact as JSON, each Float32Array replaced by
 * `{"$f32": {"offset", "length"}}`, counted in floats) and weights.bin (those arrays back to back, float32
 * little-endian). Arrays are found by walking the tree, so a new Float32Array field in the schema needs no
 * change here.
 */
const MANIFEST = 'manifest.json';
const WEIGHTS = 'weights.bin';
const REF = '$f32';
const FORMAT = modelArtifactSchema.shape.format.value;
const FORMAT_VERSION = modelArtifactSchema.shape.formatVersion.value;

// The file format is little-endian whatever the host is; Buffer.swap32 converts in place on the rare BE host.
const hostIsBigEndian = os.endianness() === 'BE';

const refSchema = z.strictObject({
  [REF]: z.strictObject({ offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() }),
});

/** What the manifest adds to the artifact so weights.bin can be checked before any array is trusted. */
const weightsInfoSchema = z.object({
  weightsBytes: z.number().int().nonnegative(),
  weightsSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const child = (at: string, key: string | number): string => (typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key);
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Rebuilds a JSON-like tree bottom-up; `replace` may substitute any node, returning undefined to descend. */
function mapTree(value: unknown, replace: (node: unknown, at: string) => unknown, at = ''): unknown {
  const replaced = replace(value, at);
  if (replaced !== undefined) return replaced;
  if (Array.isArray(value)) return value.map((item, i) => mapTree(item, replace, child(at, i)));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapTree(v, replace, child(at, k))]));
  return value;
}

/** Splits an artifact into its JSON part (arrays replaced by references) and the concatenated array bytes. */
function encode(artifact: ModelArtifact): { json: unknown; weights: Buffer } {
  const arrays: Float32Array[] = [];
  let floats = 0;
  const json = mapTree(artifact, (node, at) => {
    if (node instanceof Float32Array) {
      arrays.push(node);
      floats += node.length;
      return { [REF]: { offset: floats - node.length, length: node.length } };
    }
    // JSON would silently turn these into objects of indices; refuse rather than write a model that reads back different.
    if (ArrayBuffer.isView(node) || node instanceof ArrayBuffer)
      throw new TypeError(`invalid model artifact: ${at} is binary but not a Float32Array`);
    if (isPlainObject(node) && Object.hasOwn(node, REF)) throw new TypeError(`invalid model artifact: ${at} uses the reserved key ${REF}`);
    return undefined;
  });
  const weights = Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  if (hostIsBigEndian) weights.swap32();
  return { json, weights };
}

/** Turns one `$f32` reference back into its own Float32Array, checked against the (verified) weights. */
function decodeRef(node: unknown, at: string, weights: Buffer, manifestFile: string): Float32Array {
  const parsed = refSchema.safeParse(node);
  if (!parsed.success) throw new ModelFileError(manifestFile, `${at} is not a valid ${REF} reference: ${z.prettifyError(parsed.error)}`);
  const { offset, length } = parsed.data[REF];
  const available = weights.length / 4;
  if (offset + length > available) {
    throw new ModelFileError(manifestFile, `${at} references floats ${offset}..${offset + length} but ${WEIGHTS} holds only ${available}`);
  }
  // A copy, not a view: aligned whatever Buffer's pooling did, and the arrays do not pin the whole file.
  const array = new Float32Array(length);
  const bytes = Buffer.from(array.buffer);
  weights.copy(bytes, 0, offset * 4, (offset + length) * 4);
  if (hostIsBigEndian) bytes.swap32();
  return array;
}

/**
 * What the schema cannot say: array sizes agree with the declared shapes, layers chain, and each head's labels
 * are the task's. An inconsistent head would only fail (or silently mis-score) at classification time.
 */
export function consistencyProblems(artifact: ModelArtifact): string[] {
  const problems: string[] = [];
  for (const [taskName, task] of Object.entries(artifact.tasks)) {
    if (!task) continue;
    const taskLabels = new Set(task.labels);
    for (const [language, route] of Object.entries(task.routes)) {
      if (!route) continue;
      const at = `tasks.${taskName}.routes.${language}`;
      const foreign = route.labels.filter((label) => !taskLabels.has(label));
      if (foreign.length > 0) problems.push(`${at}.labels has labels the task does not: ${foreign.join(', ')}`);
      if (route.ngrams && route.ngrams.idf.length !== route.ngrams.buckets) {
        problems.push(`${at}.ngrams.idf has ${route.ngrams.idf.length} values for ${route.ngrams.buckets} buckets`);
      }
      route.layers.forEach((layer, i) => {
        const where = `${at}.layers[${i}]`;
        if (layer.weights.length !== layer.inputs * layer.outputs) {
          problems.push(`${where}.weights has ${layer.weights.length} values, expected inputs × outputs = ${layer.inputs * layer.outputs}`);
        }
        if (layer.bias.length !== layer.outputs)
          problems.push(`${where}.bias has ${layer.bias.length} values, expected outputs = ${layer.outputs}`);
        const next = route.layers[i + 1];
        if (next && next.inputs !== layer.outputs)
          problems.push(`${where} has ${layer.outputs} outputs but layer ${i + 1} takes ${next.inputs} inputs`);
      });
      const last = route.layers.at(-1);
      if (last && last.outputs !== route.labels.length) {
        problems.push(`${at}: the last layer has ${last.outputs} outputs for ${route.labels.length} labels`);
      }
    }
  }
  return problems;
}

function validateForSave(artifact: ModelArtifact): ModelArtifact {
  const parsed = modelArtifactSchema.safeParse(artifact);
  if (!parsed.success) throw new TypeError(`invalid model artifact: ${z.prettifyError(parsed.error)}`);
  const problems = consistencyProblems(parsed.data);
  if (problems.length > 0) throw new TypeError(`invalid model artifact: ${problems.join('; ')}`);
  return parsed.data;
}

async function pathExists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

const alreadyExists = (dir: string, cause?: unknown): Error =>
  new Error(`${dir} already exists; model versions are immutable, so save a new version to a new directory`, { cause });

/**
 * Writes a model version to `dir`, which must not exist: everything goes into a sibling temp directory that is
 * renamed into place, so readers never see a half-written model and a failure leaves nothing behind.
 */
export async function saveArtifact(artifact: ModelArtifact, dir: string): Promise<void> {
  const valid = validateForSave(artifact);
  const { json, weights } = encode(valid);
  const manifest = { ...(json as Record<string, unknown>), weightsBytes: weights.length, weightsSha256: sha256(weights) };
  await mkdir(path.dirname(dir), { recursive: true });
  if (await pathExists(dir)) throw alreadyExists(dir);
  const temp = `${dir}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(temp);
    // flush: the rename must not become durable before the data it publishes.
    await writeFile(path.join(temp, WEIGHTS), weights, { flush: true });
    await writeFile(path.join(temp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { flush: true });
    try {
      await rename(temp, dir);
    } catch (error) {
      // Another writer got there between the check above and now.
      const code = (error as NodeJS.ErrnoException).code;
      throw code === 'ENOTEMPTY' || code === 'EEXIST' ? alreadyExists(dir, error) : error;
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function readModelFile(file: string, dir: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !(await pathExists(dir))) throw new ModelFileError(dir, 'model directory does not exist', { cause: error });
    throw new ModelFileError(file, `cannot be read (${code ?? String(error)})`, { cause: error });
  }
}

/** Parses manifest.json far enough to know it is ours and which weights it expects. */
function parseManifest(file: string, bytes: Buffer): { body: Record<string, unknown>; weightsInfo: z.infer<typeof weightsInfoSchema> } {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ModelFileError(file, `is not valid JSON (${(error as Error).message}); the file may be truncated`, { cause: error });
  }
  if (!isPlainObject(raw)) throw new ModelFileError(file, 'is not a Parley model (not a JSON object)');
  const { weightsBytes, weightsSha256, ...body } = raw;
  if (body['format'] !== FORMAT)
    throw new ModelFileError(file, `is not a Parley model (format ${JSON.stringify(body['format'])}, expected "${FORMAT}")`);
  const version = body['formatVersion'];
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new ModelFileError(
      file,
      `was written by a newer version of Parley (formatVersion ${version}; this one reads ${FORMAT_VERSION}); upgrade to load it`,
    );
  }
  if (version !== FORMAT_VERSION) throw new ModelFileError(file, `has an unsupported formatVersion ${JSON.stringify(version)}`);
  const info = weightsInfoSchema.safeParse({ weightsBytes, weightsSha256 });
  if (!info.success) throw new ModelFileError(file, `does not describe its weights: ${z.prettifyError(info.error)}`);
  return { body, weightsInfo: info.data };
}

/** Reads and fully checks a model version written by `saveArtifact`; any problem is a ModelFileError naming the file at fault. */
export async function readArtifact(dir: string): Promise<ModelArtifact> {
  const manifestFile = path.join(dir, MANIFEST);
  const weightsFile = path.join(dir, WEIGHTS);
  const { body, weightsInfo } = parseManifest(manifestFile, await readModelFile(manifestFile, dir));
  const weights = await readModelFile(weightsFile, dir);
  if (weights.length !== weightsInfo.weightsBytes) {
    throw new ModelFileError(
      weightsFile,
      `is truncated or corrupt: ${weights.length} bytes, ${MANIFEST} expects ${weightsInfo.weightsBytes}`,
    );
  }
  if (sha256(weights) !== weightsInfo.weightsSha256) {
    throw new ModelFileError(weightsFile, `is truncated or corrupt: its sha256 does not match the one in ${MANIFEST}`);
  }
  const tree = mapTree(body, (node, at) =>
    isPlainObject(node) && Object.hasOwn(node, REF) ? decodeRef(node, at, weights, manifestFile) : undefined,
  );
  const parsed = modelArtifactSchema.safeParse(tree);
  if (!parsed.success) throw new ModelFileError(manifestFile, `is not a valid Parley model: ${z.prettifyError(parsed.error)}`);
  const problems = consistencyProblems(parsed.data);
  if (problems.length > 0) throw new ModelFileError(manifestFile, `is inconsistent: ${problems.join('; ')}`);
  return parsed.data;
}
