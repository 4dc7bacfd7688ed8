import http from 'node:http';

/** A request exactly as written: the path is not normalised (`..`, `%ff` stay), headers and body are not checked. */
export interface RawRequest {
  method: string;
  /** Starts with `/`; already percent-encoded where it needs to be. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /**
   * Send the body without Content-Length. Node then frames it only for methods that usually carry one, so a GET
   * body arrives as stray bytes after the request.
   */
  unframed?: boolean;
}

export type RawResponse = { status: number; body: string } | { error: string };

/**
 * node:http rather than fetch: fetch resolves `..` and `%2e` in paths, refuses some headers, and encodes bodies
 * itself, which would hide exactly the inputs a fuzzer means to send.
 */
export function sendRaw(agent: http.Agent, origin: URL, request: RawRequest, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: RawResponse) => {
      if (!settled) resolve(result);
      settled = true;
    };
    let req: http.ClientRequest;
    try {
      const framed =
        request.body !== undefined &&
        !request.unframed &&
        !Object.keys(request.headers).some((name) => name.toLowerCase() === 'content-length');
      const headers = framed ? { ...request.headers, 'content-length': String(Buffer.byteLength(request.body!)) } : request.headers;
      req = http.request({ host: origin.hostname, port: origin.port, agent, method: request.method, path: request.path, headers });
    } catch (error) {
      // Node refuses to send it (a character it will not put on the wire): the generator's bug, not the server's.
      throw new Error(`node:http refused to send ${request.method} ${request.path.slice(0, 200)}`, { cause: error });
    }
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      settle({ error: `no response within ${timeoutMs} ms` });
    });
    req.on('error', (error) => settle({ error: `${error.name}: ${error.message}` }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => settle({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => settle({ error: `${error.name}: ${error.message}` }));
    });
    req.end(request.body);
  });
}

/** Percent-encodes all but unreserved characters, byte by byte; lone surrogates go out as U+FFFD, as any client would. */
export const encodeSegment = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
