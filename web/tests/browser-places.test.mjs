// Browser tests for place search (towns, villages, postcode districts, same-named places) and for
// bytes on the wire (compressed responses, boundaries fetched once a session), in English and Welsh.
// Headless Debian Chromium against the real API on loopback with the sample data.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { missingPrerequisite, startServer, WEB_ROOT } from './support/server.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const en = JSON.parse(readFileSync(join(WEB_ROOT, 'src', 'i18n', 'en.json'), 'utf8'));
const cy = JSON.parse(readFileSync(join(WEB_ROOT, 'src', 'i18n', 'cy.json'), 'utf8'));
const STRINGS = { en, cy };
/** The fixed part of a message before its first placeholder. */
const lead = (text) => text.split('{')[0].trim();

const skip = missingPrerequisite();

describe('place search and bytes on the wire in a browser', { skip: skip ?? false, timeout: 600_000 }, () => {
  let server;
  let browser;

  const newPage = async () => {
    // No request interception here: Playwright turns the HTTP cache off when routing, and nothing
    // on these pages leaves the machine (no tile layer is configured).
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.baseUrl });
    const page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
    return { context, page };
  };

  const settled = (page) => page.waitForFunction(
    () => document.body.dataset.search === location.pathname + location.search, null, { timeout: 20_000 });

  const open = async (page, url) => {
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20_000 });
    await settled(page);
  };

  const search = async (page, text) => {
    await page.fill('#place-text', text);
    await page.press('#place-text', 'Enter');
    await page.waitForFunction(() => {
      const message = document.getElementById('place-message').textContent;
      return message && !message.endsWith('…');
    }, null, { timeout: 20_000 });
  };

  const area = (page) => new URL(page.url()).searchParams.get('area');

  const serious = async (page) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
  };

  before(async () => {
    server = await startServer({ shared: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds towns and villages by English or Welsh name, mutated or not, in both languages', async () => {
    const { context, page } = await newPage();
    const cases = [
      ['en', 'Bangor', 'W06000002', 'Gwynedd'],
      ['en', 'y fenni', 'W06000021', 'Monmouthshire'],
      ['cy', 'Fangor', 'W06000002', 'Gwynedd'],
      ['cy', 'Nhregaron', 'W06000008', 'Ceredigion'],
      ['cy', 'ystrad-mynach', 'W06000018', 'Caerffili'],
    ];
    for (const [lang, text, code, areaName] of cases) {
      await open(page, lang === 'cy' ? '/?lang=cy' : '/');
      await search(page, text);
      await page.waitForURL((url) => url.searchParams.get('area') === code);
      await settled(page);
      const message = await page.textContent('#place-message');
      assert.ok(message.startsWith(lead(STRINGS[lang]['place.found'])), `${lang} "${text}": ${message}`);
      assert.ok(message.includes(areaName), `${lang} "${text}": ${message}`);
      assert.match(await page.textContent('#results-status'), new RegExp(areaName));
    }
    // An area's own name, mutated: the area itself, as if picked from the list.
    await open(page, '/?lang=cy');
    await page.fill('#place-text', 'Ngwynedd');
    await page.press('#place-text', 'Enter');
    await page.waitForURL((url) => url.searchParams.get('area') === 'W06000002');
    await settled(page);
    assert.equal(await page.inputValue('#area-select'), 'W06000002');
    await context.close();
  });

  it('offers a choice between places called Pentre, told apart by local authority, in both languages', async () => {
    const { context, page } = await newPage();
    for (const [lang, authority, code] of [['en', 'Rhondda Cynon Taf', 'W06000016'], ['cy', 'Sir y Fflint', 'W06000005']]) {
      await open(page, lang === 'cy' ? '/?lang=cy' : '/');
      await search(page, 'Pentre');
      assert.equal(await page.textContent('#place-message'), STRINGS[lang]['place.choose'].replace('{text}', 'Pentre'));
      const choices = page.locator('#place-choices button');
      const labels = await choices.allTextContents();
      assert.ok(labels.length >= 3, `choices: ${labels.join(' | ')}`);
      assert.equal(new Set(labels).size, labels.length, 'each choice reads differently');
      assert.ok(labels.every((l) => l.startsWith('Pentre, ')), labels.join(' | '));
      assert.equal(await page.getAttribute('#place-choices', 'aria-label'), STRINGS[lang]['place.choicesLabel']);
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), labels[0], 'focus moves to the first choice');
      assert.deepEqual(await serious(page), [], 'axe: no serious or critical violation with the choices shown');
      assert.equal(area(page), null, 'nothing is chosen until the user chooses');

      await choices.filter({ hasText: `Pentre, ${authority}` }).click();
      await page.waitForURL((url) => url.searchParams.get('area') === code);
      await settled(page);
      assert.equal(await page.isVisible('#place-choices'), false);
      assert.ok((await page.textContent('#place-message')).includes(authority));
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'place-text', 'focus is not lost');
    }
    await context.close();
  });

  it('finds postcode districts and full postcodes offline, approximately, in both languages', async () => {
    const { context, page } = await newPage();
    for (const lang of ['en', 'cy']) {
      await open(page, lang === 'cy' ? '/?lang=cy' : '/');
      await search(page, 'll57');
      await page.waitForURL((url) => url.searchParams.get('area') === 'W06000002');
      await settled(page);
      assert.ok((await page.textContent('#place-message')).includes('LL57'));

      await search(page, 'cf10 1aa');
      await page.waitForURL((url) => url.searchParams.get('area') === 'W06000015');
      await settled(page);
      assert.equal(new URL(page.url()).searchParams.get('postcode'), 'CF10 1AA');
      const message = await page.textContent('#place-message');
      assert.ok(message.startsWith(lead(STRINGS[lang]['place.approximate'])), message);
      assert.ok(message.includes('CF10 1AA') && message.includes('CF10'), message);
      // The pin stands at the district's point, as no postcode lookup is configured.
      await page.waitForSelector('.leaflet-marker-pane .pin-icon[title="CF10 1AA"]', { timeout: 10_000 });

      await search(page, 'SW1A 1AA');
      assert.equal(area(page), 'W06000015', 'a postcode outside Wales changes nothing');
      assert.equal(await page.textContent('#place-message'), STRINGS[lang]['place.postcodeUnknown'].replace('{postcode}', 'SW1A 1AA'));
    }
    await context.close();
  });

  it('credits the place data in the footer in both languages', async () => {
    const { context, page } = await newPage();
    await open(page, '/');
    assert.equal((await page.textContent('.site-footer .credits')).trim(), en['footer.placesCredit']);
    assert.match(en['footer.placesCredit'], /OS Open Names/);
    await open(page, '/?lang=cy');
    assert.equal((await page.textContent('.site-footer .credits')).trim(), cy['footer.placesCredit']);
    await context.close();
  });

  it('fetches the boundaries once a session, compressed, and only small counts on each filter change', async () => {
    const { context, page } = await newPage();
    const requests = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/geo/')) {
        requests.push({ path: url.pathname, kind: url.searchParams.get('kind'), encoding: response.headers()['content-encoding'] });
      }
    });
    const of = (path, kind) => requests.filter((r) => r.path === path && (!kind || r.kind === kind));

    await open(page, '/?area=W06000015');
    for (const [facet, code] of [['language', 'cy'], ['risk', 'high'], ['language', 'en']]) {
      await page.locator(`details[data-facet=${facet}]`).evaluate((details) => { details.open = true; });
      await page.check(`#f-${facet}-${code}`);
      await page.waitForURL(new RegExp(`${facet}=[^&]*${code}`));
      await settled(page);
    }
    await page.selectOption('#map-kind', 'health-board');
    await settled(page);
    await page.selectOption('#map-kind', 'local-authority');
    await settled(page);
    await page.goBack();
    await settled(page);

    assert.equal(of('/api/geo/boundaries', 'local-authority').length, 1, JSON.stringify(requests));
    assert.equal(of('/api/geo/boundaries', 'health-board').length, 1, JSON.stringify(requests));
    assert.equal(of('/api/geo/areas').length, 0, 'the full GeoJSON with counts is for API users');
    assert.ok(of('/api/geo/counts').length >= 6, `${of('/api/geo/counts').length} count requests`);
    assert.ok(requests.every((r) => r.encoding === 'br'), `every map response is Brotli-compressed: ${JSON.stringify(requests)}`);
    assert.ok(await page.locator('.leaflet-overlay-pane path').count() >= 7, 'the health boards (where Back led) are drawn');
    await context.close();
  });
});
