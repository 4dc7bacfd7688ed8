import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { buildWidgetBundle } from '../src/widget-bundle.ts';

const WIDGET_DIR = fileURLToPath(new URL('../src/widget/', import.meta.url));
const BUDGET_GZIP_BYTES = 60 * 1024;

test('the widget bundles into one minified IIFE within the 60 KB gzip budget, built once per process', async (t) => {
  const bundle = await buildWidgetBundle();
  t.diagnostic(`widget.js: ${bundle.code.length} bytes, ${bundle.gzipped.length} gzipped`);
  assert.ok(bundle.gzipped.length <= BUDGET_GZIP_BYTES, `${bundle.gzipped.length} bytes gzipped`);
  assert.deepEqual(gunzipSync(bundle.gzipped), bundle.code);
  const code = bundle.code.toString('utf8');
  assert.match(code, /^"use strict";\(\(\)=>\{/);
  assert.doesNotThrow(() => new vm.Script(code));
  assert.match(bundle.etag, /^"[\w-]{27}"$/);
  assert.notEqual(bundle.gzipEtag, bundle.etag);
  assert.equal(await buildWidgetBundle(), bundle);
});

test('nothing in the widget can turn text into markup or code', async () => {
  const code = (await buildWidgetBundle()).code.toString('utf8');
  const sinks =
    /\b(innerHTML|outerHTML|insertAdjacentHTML|srcdoc|createContextualFragment)\b|document\.write|\beval\(|new Function\b|setAttribute\(\s*["']on/;
  assert.doesNotMatch(code, sinks);
  const sources = readdirSync(WIDGET_DIR).filter((name) => name.endsWith('.ts'));
  assert.ok(sources.length > 5);
  for (const name of sources) assert.doesNotMatch(readFileSync(path.join(WIDGET_DIR, name), 'utf8'), sinks, name);
});

test('without its script tag the bundle does nothing and leaks no globals', async () => {
  const code = (await buildWidgetBundle()).code.toString('utf8');
  const page = {
    document: { currentScript: null, querySelector: () => null, documentElement: { lang: '' } },
    navigator: { language: 'en-GB', userAgent: 'test' },
    location: { href: 'https://shop.example/' },
    HTMLScriptElement: class {},
    setTimeout,
    clearTimeout,
  };
  const context = vm.createContext({ ...page, window: undefined as unknown });
  context.window = context;
  const before = new Set(Object.keys(context));
  vm.runInContext(code, context);
  assert.deepEqual(
    Object.keys(context).filter((key) => !before.has(key)),
    [],
  );
});
