import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface WidgetBundle {
  /** The minified IIFE that `GET /widget.js` serves. */
  code: Buffer;
  /** The same bytes gzipped, for clients that accept it (and the size budget). */
  gzipped: Buffer;
  /** A strong ETag of `code`; the gzipped bytes are a different representation, tagged with a suffix. */
  etag: string;
  gzipEtag: string;
}

// esbuild bundles the widget from its TypeScript source, from src/ and from the built dist/ alike (the widget is not
// part of the Node build: it has its own browser tsconfig).
const WIDGET_ENTRY = fileURLToPath(new URL('../src/widget/main.ts', import.meta.url));

/** Browsers the widget supports: constructed stylesheets, `??`, private class fields (all 2021+ evergreens). */
const TARGETS = ['chrome93', 'edge93', 'firefox101', 'safari16.4'];

async function bundle(): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: TARGETS,
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    // The widget is bundled from source, and so are the workspace packages it imports (@parley/client,
    // @parley/protocol): their dist/ may not be built (tests run sources), and the browser needs none of it.
    conditions: ['@parley/source'],
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  const gzipped = gzipSync(code, { level: 9 });
  const hash = createHash('sha256').update(code).digest('base64url').slice(0, 27);
  return { code, gzipped, etag: `"${hash}"`, gzipEtag: `"${hash}-gz"` };
}

let cached: Promise<WidgetBundle> | undefined;

/**
 * Bundles src/widget once per process, in memory: there is no build output to commit or to go stale. A failed
 * build is not cached, so the next request tries again.
 */
export function buildWidgetBundle(): Promise<WidgetBundle> {
  cached ??= bundle().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
