import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pluralCategory, pluralKey } from '../src/plural.js';

const dir = (p) => fileURLToPath(new URL(p, import.meta.url));
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
// The public pages' strings, and the signed-in workspace's dictionaries (workspace/i18n/[AREA.]en.json and cy.json).
const WORKSPACE_I18N = dir('../src/workspace/i18n/');
const workspaceFiles = (lang) => readdirSync(WORKSPACE_I18N).filter((f) => f === `${lang}.json` || f.endsWith(`.${lang}.json`)).sort();
const dictionaries = (lang) => [dir(`../src/i18n/${lang}.json`), ...workspaceFiles(lang).map((f) => WORKSPACE_I18N + f)].map(read);
const en = Object.assign({}, ...dictionaries('en'));
const cy = Object.assign({}, ...dictionaries('cy'));
const jsFiles = (folder) => readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
  ? jsFiles(`${folder}/${entry.name}`)
  : entry.name.endsWith('.js') ? [`${folder}/${entry.name}`] : []));

test('each workspace dictionary has its Welsh twin, and no key is defined in two dictionaries', () => {
  assert.deepEqual(workspaceFiles('en').map((f) => f.replace(/en\.json$/, '')), workspaceFiles('cy').map((f) => f.replace(/cy\.json$/, '')));
  const all = dictionaries('en').flatMap((d) => Object.keys(d));
  assert.deepEqual(all.filter((key, i) => all.indexOf(key) !== i), []);
});
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const PLURAL = /\.(zero|one|two|few|many|other)$/;
const family = (key) => key.replace(PLURAL, '');
// A plural form Welsh needs and English does not (".two", ".few", …) belongs to a family English has.
const welshOnlyForm = (key) => PLURAL.test(key) && Object.keys(en).some((k) => family(k) === family(key));

test('every English string has a Welsh one, and no Welsh string is left over', () => {
  assert.deepEqual(Object.keys(en).filter((k) => !(k in cy)), []);
  assert.deepEqual(Object.keys(cy).filter((k) => !(k in en) && !welshOnlyForm(k)), []);
});

test('no string is empty and Welsh is not a copy of English where words differ', () => {
  for (const [key, text] of Object.entries(cy)) assert.ok(text.trim(), key);
  const copied = Object.keys(en).filter((k) => en[k] === cy[k] && /[a-z]{4,}/.test(en[k]));
  assert.deepEqual(copied, []);
});

test('Welsh strings use the same placeholders as English ones', () => {
  for (const key of Object.keys(en)) assert.deepEqual(placeholders(cy[key]), placeholders(en[key]), key);
  // A Welsh-only plural form may write its number out, so {count} aside it matches the family's .other.
  const withoutCount = (text) => placeholders(text).filter((p) => p !== 'count');
  for (const key of Object.keys(cy).filter((k) => !(k in en))) {
    assert.deepEqual(withoutCount(cy[key]), withoutCount(en[`${family(key)}.other`] ?? en[family(key)]), key);
  }
});

test('every key the code and page use exists in English', () => {
  const sources = [dir('../index.html'), ...jsFiles(dir('../src'))];
  const used = new Set();
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([\w.-]+)'|data-i18n(?:-[\w-]+)?="([\w.-]+)"|'((?:place|waiting|detail)\.[\w.]+)'/g)) {
      used.add(m[1] ?? m[2] ?? m[3]);
    }
  }
  const missing = [...used].filter((k) => !(k in en) && !(`${k}.other` in en));
  assert.deepEqual(missing, []);
  const counted = new Set();
  for (const file of sources) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\btn\('([\w.-]+)'/g)) counted.add(m[1]);
  }
  assert.ok(counted.size >= 5, 'counts go through tn()');
  for (const key of counted) {
    for (const strings of [en, cy]) assert.ok(`${key}.other` in strings || key in strings, `${key} has an "other" form`);
  }
  for (const prefix of ['facet.', 'kind.']) assert.ok(Object.keys(en).some((k) => k.startsWith(prefix)));
});

test('Welsh plural categories follow CLDR: zero, one, two, few, many, other', () => {
  const categories = [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 100, 316].map((n) => pluralCategory(n, 'cy'));
  assert.deepEqual(categories, ['zero', 'one', 'two', 'few', 'other', 'other', 'many', 'other', 'other', 'other', 'other', 'other']);
  assert.deepEqual([0, 1, 2, 6].map((n) => pluralCategory(n, 'en')), ['other', 'one', 'other', 'other']);
});

test('a count picks its own Welsh form, else "other", else the plain key', () => {
  assert.equal(pluralKey('results.count', 2, 'cy', cy, en), 'results.count.two');
  assert.equal(pluralKey('results.count', 3, 'cy', cy, en), 'results.count.few');
  assert.equal(pluralKey('results.count', 6, 'cy', cy, en), 'results.count.many');
  assert.equal(pluralKey('results.count', 1, 'cy', cy, en), 'results.count.one');
  assert.equal(pluralKey('results.count', 44, 'cy', cy, en), 'results.count.other');
  assert.equal(pluralKey('results.count', 2, 'en', en), 'results.count.other');
  assert.equal(pluralKey('waiting.weeks', 3, 'cy', cy, en), 'waiting.weeks.other');
  assert.equal(pluralKey('stale.tag', 365, 'en', en), 'stale.tag');
  assert.equal(pluralKey('stale.tag', 1, 'en', en), 'stale.tag.one');
  assert.equal(pluralKey('filters.chosen', 2, 'cy', cy, en), 'filters.chosen');
  assert.equal(pluralKey('no.such.key', 2, 'cy', cy, en), 'no.such.key');
});

test('the Welsh review\'s wording is in place', () => {
  assert.equal(cy['map.hint'].split('. ')[0], "Cliciwch ar ardal ar y map i'w dewis");
  assert.equal(cy['filters.chosen'], 'dewiswyd {count}');
  assert.match(cy['place.postcodeUnavailable'], /^Nid oes modd chwilio yn ôl cod post ar y wefan hon\./);
  assert.equal(cy['detail.navLabel'], "Opsiynau'r dudalen");
  assert.equal(cy['detail.notFound'], "Ni ddaethpwyd o hyd i'r ymyriad");
  assert.equal(cy['stale.explain'], "Holwch y darparwr a yw'r ymyriad yn dal ar waith cyn atgyfeirio.");
  assert.deepEqual(Object.entries(cy).filter(([, v]) => /wedi'i osod/.test(v)).map(([k]) => k), []);
  // "lleoliad" is the setting; a venue is a "safle".
  assert.equal(cy['facet.setting'], 'Lleoliad');
  assert.match(cy['venue.approximate'], /safle/);
  assert.deepEqual(Object.entries(cy).filter(([k, v]) => k !== 'facet.setting' && /lleoliad/i.test(v)).map(([k]) => k), []);
  for (const strings of [en, cy]) assert.match(strings['footer.text'], /\(VAWDASV\)/);
  assert.match(en['footer.text'], /violence against women, domestic abuse and sexual violence/);
  assert.match(cy['footer.text'], /trais yn erbyn menywod, cam-drin domestig a thrais rhywiol/);
});
