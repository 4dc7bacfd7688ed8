/** How the crawler identifies itself, to sites and to their robots.txt rules. */
export const CRAWLER_USER_AGENT = 'ParleyBot';
const USER_AGENT_HEADER = `${CRAWLER_USER_AGENT}/1.0 (knowledge base crawler)`;

const MAX_REDIRECTS = 5;

export interface FetchLimits {
  /** Per request (headers and body), in milliseconds. */
  timeoutMs: number;
  /** Largest body read, in bytes. */
  maxBytes: number;
  /** Cancels everything in flight. */
  signal?: AbortSignal | undefined;
}

export interface FetchedResource {
  /** Where the body came from, after redirects. */
  url: string;
  status: number;
  /** The media type without parameters, lowercased; '' when the server sent none. */
  mediaType: string;
  /** The charset parameter of Content-Type, when given. */
  charset: string | undefined;
  bytes: Uint8Array;
}

/** A URL the crawler did not get: why, for people, and whether it might come back (a retry could succeed). */
export class FetchSkip extends Error {
  override readonly name = 'FetchSkip';

  constructor(
    message: string,
    /** A timeout, a network error, a 5xx or 429: the page may well still exist. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/**
 * Before each hop (the URL itself and every redirect target): a reason not to fetch it (robots.txt, another
 * site), or undefined to go on.
 */
export type HopCheck = (url: string) => Promise<string | undefined>;

export interface FetchOptions extends FetchLimits {
  checkHop: HopCheck;
  /** Media types whose body is read; any other is refused before its body is downloaded. Undefined: any. */
  accept?: readonly string[];
  /** What `accept` admits, for the refusal: "not {acceptName} (image/png)". */
  acceptName?: string;
}

const describe = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
};

/**
 * GET with the crawler's manners: its user agent, redirects followed one hop at a time (each one checked),
 * a timeout per request and a cap on the body. Throws FetchSkip for anything short of a usable 200.
 */
export async function fetchResource(url: string, options: FetchOptions): Promise<FetchedResource> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const refusal = await options.checkHop(current);
    if (refusal) throw new FetchSkip(refusal, false);
    options.signal?.throwIfAborted();
    const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
    let response: Response;
    try {
      response = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': USER_AGENT_HEADER,
          accept: 'text/html, text/markdown, text/plain, application/pdf, application/xml;q=0.9, */*;q=0.5',
        },
      });
    } catch (error) {
      options.signal?.throwIfAborted();
      if (signal.aborted) throw new FetchSkip(`timed out after ${options.timeoutMs} ms`, true);
      throw new FetchSkip(`could not be fetched (${describe(error)})`, true);
    }
    if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      await response.body?.cancel().catch(() => undefined);
      const next = URL.parse(response.headers.get('location')!, current);
      if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:'))
        throw new FetchSkip('redirects to something that is not a web page', false);
      next.hash = '';
      current = next.href;
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      const transient = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new FetchSkip(`HTTP ${response.status}`, transient);
    }
    const contentType = response.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    const charset = /;\s*charset="?([\w.:-]+)"?/i.exec(contentType)?.[1];
    if (options.accept && !options.accept.includes(mediaType)) {
      await response.body?.cancel().catch(() => undefined);
      throw new FetchSkip(`not ${options.acceptName ?? 'a type that is read'} (${mediaType || 'no Content-Type'})`, false);
    }
    const bytes = await readCapped(response, options, signal);
    return { url: current, status: response.status, mediaType, charset, bytes };
  }
  throw new FetchSkip(`more than ${MAX_REDIRECTS} redirects`, false);
}

async function readCapped(response: Response, limits: FetchLimits, signal: AbortSignal): Promise<Uint8Array> {
  const tooBig = () => new FetchSkip(`larger than ${Math.round(limits.maxBytes / 1024)} KB`, false);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!response.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooBig();
      }
      parts.push(value);
    }
  } catch (error) {
    if (error instanceof FetchSkip) throw error;
    limits.signal?.throwIfAborted();
    if (signal.aborted) throw new FetchSkip(`timed out after ${limits.timeoutMs} ms`, true);
    throw new FetchSkip(`could not be read (${describe(error)})`, true);
  }
  return Buffer.concat(parts);
}

/** The body as text in its declared charset (UTF-8 when none, or one this runtime does not know). */
export function decodeText(resource: FetchedResource): string {
  try {
    return new TextDecoder(resource.charset ?? 'utf-8').decode(resource.bytes);
  } catch {
    return new TextDecoder('utf-8').decode(resource.bytes);
  }
}
