import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describeInput, type FailureCollector } from './failures.ts';
import { sendRaw } from './http-send.ts';
import { bestCredential, credentialFor, endsCredentials, pathFor, REQUEST_TIMEOUT_MS } from './rest-cases.ts';
import { validish } from './schema-arbitrary.ts';
import { CREDENTIALS, type CredentialName, type FuzzWorld } from './world.ts';

/** An HTTP request no well-behaved client sends: a body that is not what its headers say, a path off the table. */
export interface RawCase {
  group: 'malformed-body' | 'raw-path' | 'odd-headers';
  method: string;
  path: string;
  credential: CredentialName;
  headers: Record<string, string>;
  body?: Buffer;
  /** What was wrong with it, for the report. */
  label: string;
  /** Body bytes with no Content-Length (see RawRequest). */
  unframed?: boolean;
  /** The route or path it went to. */
  target: string;
  /** What a failure is filed under: the damage for bodies (the router never got that far), else the route or path. */
  signature: string;
}

interface Damage {
  label: string;
  headers: Record<string, string>;
  body: Buffer;
}

const JSON_TYPE = { 'content-type': 'application/json' };
/** 5 MB of spaces in 5 KB: made once, as it costs more than a case. */
const ZIP_BOMB = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));

/** Ways to break a JSON body that the route would otherwise accept. */
function damages(json: string): Damage[] {
  const bytes = Buffer.from(json, 'utf8');
  const withType = (label: string, type: string, body: Buffer = bytes): Damage => ({ label, headers: { 'content-type': type }, body });
  const encoded = (label: string, encoding: string, body: Buffer): Damage => ({
    label,
    headers: { ...JSON_TYPE, 'content-encoding': encoding },
    body,
  });
  const text = (label: string, body: string): Damage => ({ label, headers: JSON_TYPE, body: Buffer.from(body, 'utf8') });
  return [
    text('invalid JSON', json.slice(0, Math.max(1, json.length - 1))),
    text('single quotes', json.replace(/"/g, "'")),
    text('NUL byte', `\u0000${json}`),
    text('BOM', `\ufeff${json}`),
    text('empty', ''),
    text('huge number', `{"n":1e999999,"m":${'9'.repeat(5_000)}}`),
    text('duplicate keys', json.replace(/^\{/, '{"__proto__":{"x":1},"constructor":{"prototype":{"y":1}},')),
    text('too large', JSON.stringify({ pad: 'x'.repeat(70 * 1024) })),
    withType('text/plain', 'text/plain'),
    withType('form', 'application/x-www-form-urlencoded', Buffer.from('a=1&b[c]=%ff&__proto__[x]=1')),
    withType(
      'multipart',
      'multipart/form-data; boundary=x',
      Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'),
    ),
    withType('charset=utf-32', 'application/json; charset=utf-32'),
    withType('charset=utf-16le', 'application/json; charset=utf-16le', Buffer.from(json, 'utf16le')),
    withType('charset=latin1', 'application/json; charset=latin1'),
    withType('charset=bogus', 'application/json; charset=x-bogus'),
    withType(
      'invalid UTF-8',
      'application/json',
      Buffer.concat([Buffer.from('{"t":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xae]), Buffer.from('"}')]),
    ),
    withType('bad media type', 'application/json;;;=;'),
    withType('json-ish type', 'application/vnd.api+json'),
    encoded('gzip, not gzipped', 'gzip', bytes),
    encoded('gzip', 'gzip', gzipSync(bytes)),
    encoded('truncated gzip', 'gzip', gzipSync(bytes).subarray(0, 12)),
    encoded('deflate junk', 'deflate', bytes),
    encoded('deflate', 'deflate', deflateSync(bytes)),
    encoded('br junk', 'br', bytes),
    encoded('br', 'br', brotliCompressSync(bytes)),
    encoded('unknown encoding', 'foo', bytes),
    encoded('two encodings', 'gzip, br', gzipSync(bytes)),
    encoded('identity', 'identity', bytes),
    encoded('zip bomb', 'gzip', ZIP_BOMB),
  ];
}

function malformedBodies(world: FuzzWorld): fc.Arbitrary<RawCase> {
  const withBodies = world.routes.filter((route) => route.body);
  return fc.oneof(
    ...withBodies.map((route) =>
      fc
        .record({
          path: pathFor(route, world.known, true),
          body: validish(route.body!, world.known),
          // Bodies are read once the caller is known: a body the route never reads tests nothing.
          credential: fc.oneof(
            { weight: 4, arbitrary: fc.constant(bestCredential(route.access)) },
            { weight: 1, arbitrary: credentialFor(route.access) },
          ),
          pick: fc.nat(),
        })
        .map(({ path, body, credential, pick }): RawCase => {
          const all = damages(JSON.stringify(body) ?? '{}');
          const damage = all[pick % all.length]!;
          return {
            group: 'malformed-body',
            method: route.method.toUpperCase(),
            path: `/api/v1${path}`,
            credential,
            headers: damage.headers,
            body: damage.body,
            label: damage.label,
            signature: damage.label,
            target: `${route.method.toUpperCase()} ${route.path}`,
          };
        }),
    ),
  );
}

/** Paths outside the route table, and table paths with bad escapes that the router meets before any route. */
const rawPaths = (channelId: string) => [
  '/api/v1/bots/%ff/intents',
  '/api/v1/bots/%ff',
  '/api/v1/%ff',
  '/api/v1/no-such-route',
  '/api/v2/classify',
  '/api/v1/classify?%ff=%ff',
  '/api/v1/conversations?status=%ff&mine=%ff',
  '/api/v1/conversations/%ff/events?after=%ff',
  '//api/v1/classify',
  '/api/v1/../v1/openapi.json',
  '/console/%ff',
  '/console/assets/%ff',
  '/console/..%2f..%2fpackage.json',
  '/widget.js?x=%ff',
  '/widget.js/%ff',
  '/socket.io/?EIO=9',
  '/socket.io/?EIO=4&transport=polling&sid=%ff',
  '/socket.io/?EIO=4&transport=foo',
  '/socket.io/%ff',
  '/channels/%ff',
  `/channels/${channelId}`,
  `/channels/${channelId}?hub.mode=subscribe&hub.verify_token=%ff&hub.challenge=%00`,
  '/metrics',
  '/healthz?%ff',
  '/%ff',
  '/..%2f..%2fetc%2fpasswd',
  `/${'a'.repeat(10_000)}`,
];

function offTable(world: FuzzWorld): fc.Arbitrary<RawCase> {
  const paths = rawPaths(world.known('channelId')?.[0] ?? 'none');
  return fc
    .record({
      path: fc.constantFrom(...paths),
      method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'),
      credential: fc.constantFrom(...CREDENTIALS),
      body: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
      unframed: fc.boolean(),
    })
    .map(({ path, method, credential, body, unframed }) => ({
      group: 'raw-path' as const,
      method,
      path,
      credential,
      headers: body === undefined ? {} : JSON_TYPE,
      ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)), unframed }),
      label: body !== undefined && unframed ? 'off the table, unframed body' : 'off the table',
      target: `${method} ${path.split('?')[0]!.slice(0, 60)}`,
      signature: body !== undefined && unframed ? `${method} with an unframed body` : `${method} ${path.split('?')[0]!.slice(0, 60)}`,
    }));
}

const ODD_HEADERS: Array<Record<string, string>> = [
  { origin: 'https://evil.example' },
  { origin: 'null' },
  { origin: '%ff://x' },
  { 'accept-encoding': 'gzip;q=foo, *;q=-1' },
  { 'if-none-match': '*' },
  { 'if-modified-since': 'not a date' },
  { range: 'bytes=99999999-0' },
  { 'x-forwarded-for': '%ff, 999.1.1.1' },
  { accept: 'application/xml;q=%ff' },
  { 'accept-language': '\u00ff'.repeat(10) },
  { authorization: `Bearer ${'A'.repeat(8_000)}` },
  { authorization: 'Bearer\tps_x' },
  { cookie: 'parley_session=%E0%A4%A' },
  { cookie: `parley_session=${'x'.repeat(8_000)}` },
  { 'content-type': 'application/json', 'content-length': '0' },
];

function oddHeaders(world: FuzzWorld): fc.Arbitrary<RawCase> {
  return fc.oneof(
    ...world.routes.map((route) =>
      fc
        .record({
          path: pathFor(route, world.known, true),
          credential: credentialFor(route.access),
          headers: fc.constantFrom(...ODD_HEADERS),
        })
        .map(({ path, credential, headers }): RawCase => ({
          group: 'odd-headers',
          method: route.method.toUpperCase(),
          path: `/api/v1${path}`,
          credential,
          headers,
          label: describeInput(headers),
          target: `${route.method.toUpperCase()} ${route.path}`,
          signature: `${describeInput(headers).slice(0, 60)} on ${route.method.toUpperCase()} ${route.path}`,
        })),
    ),
  );
}

export const rawCases = (world: FuzzWorld): fc.Arbitrary<RawCase> =>
  fc.oneof(
    { weight: 5, arbitrary: malformedBodies(world) },
    { weight: 3, arbitrary: offTable(world) },
    { weight: 2, arbitrary: oddHeaders(world) },
  );

export async function runRawCase(world: FuzzWorld, collector: FailureCollector, rawCase: RawCase): Promise<void> {
  const { method, path, credential, body, label } = rawCase;
  const shownPath = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  const fuzzCase = collector.begin('raw-http', rawCase.group, `${method} ${shownPath} [${credential}] ${label}`, rawCase.target);
  try {
    // The case's own headers win: an odd Authorization or Cookie replaces the credential's.
    const headers = { ...world.headers(credential), ...rawCase.headers };
    const response = await sendRaw(
      world.agent,
      world.origin,
      { method, path, headers, body, unframed: rawCase.unframed },
      REQUEST_TIMEOUT_MS,
    );
    if ('error' in response) collector.fail(fuzzCase, 'no-response', `${rawCase.signature}: ${response.error}`);
    else if (response.status >= 500) {
      if (!fuzzCase.failed) collector.fail(fuzzCase, '5xx', `${response.status} for ${rawCase.signature}`);
    } else if (response.status < 400) collector.accepted(fuzzCase);
  } finally {
    collector.end(fuzzCase);
  }
  if (endsCredentials(rawCase.target)) await world.renewCredentials();
}
