import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = (p) => fileURLToPath(new URL(p, import.meta.url));
const en = JSON.parse(readFileSync(dir('../src/i18n/en.json'), 'utf8'));
const cy = JSON.parse(readFileSync(dir('../src/i18n/cy.json'), 'utf8'));
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every English string has a Welsh one, and no Welsh string is left over', () => {
  assert.deepEqual(Object.keys(en).filter((k) => !(k in cy)), []);
  assert.deepEqual(Object.keys(cy).filter((k) => !(k in en)), []);
});

test('no string is empty and Welsh is not a copy of English where words differ', () => {
  for (const [key, text] of Object.entries(cy)) assert.ok(text.trim(), key);
  const copied = Object.keys(en).filter((k) => en[k] === cy[k] && /[a-z]{4,}/.test(en[k]));
  assert.deepEqual(copied, []);
});

test('Welsh strings use the same placeholders as English ones', () => {
  for (const key of Object.keys(en)) assert.deepEqual(placeholders(cy[key]), placeholders(en[key]), key);
});

test('every key the code and page use exists in English', () => {
  const sources = [dir('../index.html'), ...readdirSync(dir('../src')).filter((f) => f.endsWith('.js')).map((f) => dir(`../src/${f}`))];
  const used = new Set();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([\w.-]+)'|data-i18n(?:-[\w-]+)?="([\w.-]+)"|'((?:place|waiting|detail)\.[\w.]+)'/g)) {
      used.add(m[1] ?? m[2] ?? m[3]);
    }
  }
  const missing = [...used].filter((k) => !(k in en));
  assert.deepEqual(missing, []);
  for (const prefix of ['facet.', 'kind.']) assert.ok(Object.keys(en).some((k) => k.startsWith(prefix)));
});
