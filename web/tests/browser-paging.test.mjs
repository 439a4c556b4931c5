// Browser tests of the paged list and the complete marker set: every result reachable, in the order a
// reader of the interface language expects, with focus, scroll position and history kept sensible.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { missingPrerequisite, startServer, WEB_ROOT } from './support/server.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WALES = 'W92000004';
const OPEN = "Status ne 'closed'";
const strings = {
  en: JSON.parse(readFileSync(join(WEB_ROOT, 'src', 'i18n', 'en.json'), 'utf8')),
  cy: JSON.parse(readFileSync(join(WEB_ROOT, 'src', 'i18n', 'cy.json'), 'utf8')),
};

const skip = missingPrerequisite();

describe('the paged list and the map markers in a browser', { skip: skip ?? false, timeout: 600_000 }, () => {
  let server;
  let browser;
  let pageSize;

  const api = async (path) => {
    const response = await fetch(`${server.baseUrl}${path}`);
    assert.equal(response.status, 200, `${path} answered ${response.status}`);
    return response.json();
  };

  /** Every open intervention serving an area, as the OData API lists them. */
  const expected = async (code, filter = OPEN) => {
    const items = [];
    let url = `/odata/Interventions/InArea(code='${code}')?${new URLSearchParams({
      $filter: filter, $select: 'Id,Name,NameCy', $top: '500',
    })}`;
    while (url) {
      const body = await api(url.replace(server.baseUrl, ''));
      items.push(...body.value);
      url = body['@odata.nextLink'] ?? null;
    }
    return items;
  };

  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.baseUrl });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>elsewhere</title>' }));
    const page = await context.newPage();
    page.on('pageerror', (error) => { throw error; });
    return { context, page };
  };

  const settled = (page) => page.waitForFunction(
    () => document.body.dataset.search === location.pathname + location.search, null, { timeout: 20_000 });

  const listed = (page) => page.$$eval('#results-list > li', (items) => items.map((li) => ({
    id: Number(li.dataset.id), name: li.querySelector('h3').textContent.trim(),
  })));

  const range = (lang, from, to, count) => strings[lang]['results.range']
    .replace('{from}', from).replace('{to}', to).replace('{count}', count);

  /** Presses "Show more" and waits for the next page; returns what the page looked like just before. */
  const showMore = async (page) => {
    await page.focus('#results-more');
    const before = await page.evaluate(() => ({
      count: document.querySelectorAll('#results-list > li').length, scrollY: window.scrollY, entries: history.length,
    }));
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('#results-list > li').length > n
      && document.activeElement?.closest('li.result'), before.count, { timeout: 20_000 });
    return before;
  };

  before(async () => {
    server = await startServer({ shared: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    pageSize = (await api('/api/config')).pageSize;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'cy']) {
    it(`pages through every result for Wales in ${lang === 'en' ? 'English' : 'Welsh'}, each once, in ${lang} order, all on the map`, async () => {
      const want = await expected(WALES);
      assert.equal(want.length, 316, 'the shipped sample has 316 open interventions');
      const { context, page } = await newPage();
      await page.goto(`/?area=${WALES}${lang === 'cy' ? '&lang=cy' : ''}`);
      await settled(page);
      const status = await page.textContent('#results-status');
      assert.match(status, /316\b/);
      assert.ok(status.includes(range(lang, 1, pageSize, 316)), status);
      assert.equal((await listed(page)).length, pageSize);
      assert.equal((await page.textContent('#results-more')).trim(), strings[lang]['results.more']);

      let pages = 1;
      while (await page.isVisible('#results-more')) {
        const before = await showMore(page);
        pages += 1;
        const shown = Math.min(pages * pageSize, 316);
        assert.equal((await listed(page)).length, shown);
        assert.ok((await page.textContent('#results-status')).includes(range(lang, 1, shown, 316)));
        // Focus is on the first new result, right where the button was; nothing scrolled; no history entry.
        const focus = await page.evaluate(() => {
          const li = document.activeElement.closest('li.result');
          return { index: [...li.parentElement.children].indexOf(li), tag: document.activeElement.tagName };
        });
        assert.deepEqual(focus, { index: before.count, tag: 'A' });
        assert.ok(Math.abs(await page.evaluate(() => window.scrollY) - before.scrollY) <= 1, 'the page did not jump');
        assert.equal(await page.evaluate(() => history.length), before.entries);
        assert.equal(new URL(page.url()).searchParams.get('page'), String(pages));
      }
      assert.equal(pages, Math.ceil(316 / pageSize));

      const items = await listed(page);
      const ids = items.map((i) => i.id);
      assert.equal(new Set(ids).size, ids.length, 'no result is listed twice');
      assert.deepEqual([...ids].sort((a, b) => a - b), want.map((i) => i.Id).sort((a, b) => a - b));
      const byId = new Map(want.map((i) => [i.Id, i]));
      for (const item of items) {
        const source = byId.get(item.id);
        assert.equal(item.name, lang === 'cy' ? source.NameCy || source.Name : source.Name);
      }
      const collator = new Intl.Collator(lang);
      const outOfOrder = items.slice(1).filter((item, i) => collator.compare(items[i].name, item.name) > 0)
        .map((item, i) => `${items[i].name} > ${item.name}`);
      assert.deepEqual(outOfOrder, []);

      // Every result is on the map, including those with no public venue (at the area they serve).
      await page.waitForSelector('#map[data-markers-complete=true]');
      assert.equal(Number(await page.getAttribute('#map', 'data-interventions')), 316);
      assert.ok(await page.locator('.leaflet-marker-icon').count() > 0);
      await context.close();
    });
  }

  it('the Welsh list is in the order of the Welsh names, not of the English ones', async () => {
    const want = await expected(WALES);
    const byWelsh = [...want].sort((a, b) => new Intl.Collator('cy').compare(a.NameCy || a.Name, b.NameCy || b.Name));
    const byEnglish = [...want].sort((a, b) => new Intl.Collator('en').compare(a.Name, b.Name));
    // A check on the test data itself: sorting by the English names would put Welsh names out of order.
    assert.notDeepEqual(byWelsh.map((i) => i.NameCy || i.Name), byEnglish.map((i) => i.NameCy || i.Name));
    const { context, page } = await newPage();
    await page.goto(`/?area=${WALES}&lang=cy&page=${Math.ceil(316 / pageSize)}`);
    await settled(page);
    assert.deepEqual((await listed(page)).map((i) => i.name), byWelsh.map((i) => i.NameCy || i.Name));
    await context.close();
  });

  it('a reload shows the same pages, the detail page leads back to them, and Back leaves the search', async () => {
    const cardiff = 'W06000015';
    const want = await expected(cardiff);
    assert.ok(want.length > pageSize, 'Cardiff has more than one page of results');
    const { context, page } = await newPage();
    await page.goto('/');
    await settled(page);
    await page.selectOption('#area-select', cardiff);
    await settled(page);
    const entries = await page.evaluate(() => history.length);
    await showMore(page);
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');
    assert.equal(await page.evaluate(() => history.length), entries, 'paging adds no history entry');
    const shown = (await listed(page)).map((i) => i.id);

    await page.reload();
    await settled(page);
    assert.deepEqual((await listed(page)).map((i) => i.id), shown);

    // The page stays when a filter is added? No: a new search starts at its first page.
    await page.click('details[data-facet=risk] summary');
    await page.check('#f-risk-high');
    await page.waitForURL(/risk=high/);
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('page'), null);
    assert.ok((await listed(page)).length <= pageSize);
    await page.goBack();
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');
    assert.deepEqual((await listed(page)).map((i) => i.id), shown);

    // A result on the second page, its detail page, and "Back to results" returns to both pages.
    const link = page.locator(`#results-list > li:nth-child(${pageSize + 1}) h3 a`);
    await link.click();
    await page.waitForURL(/\/interventions\/\d+/);
    await settled(page);
    await page.goBack();
    await settled(page);
    assert.deepEqual((await listed(page)).map((i) => i.id), shown);

    // Back from the paged search goes to the page before the search, never to an earlier page of it.
    await page.goBack();
    await settled(page);
    assert.equal(new URL(page.url()).search, '');
    assert.equal((await listed(page)).length, 0);
    await context.close();
  });

  it('the paged list has no serious or critical accessibility violations', async () => {
    const { context, page } = await newPage();
    await page.goto('/?area=VR-CV&lang=cy');
    await settled(page);
    if (await page.isVisible('#results-more')) await showMore(page);
    await page.waitForTimeout(800); // Leaflet's fade animations
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    const serious = results.violations
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !(v.id === 'target-size' && n.target.join(' ').includes('marker-cluster'))) }))
      .filter((v) => v.nodes.length > 0 && (v.impact === 'serious' || v.impact === 'critical'))
      .map((v) => `${v.id}: ${v.help}`);
    assert.deepEqual(serious, []);
    await context.close();
  });
});

if (skip) console.log(`# browser paging tests skipped: ${skip}`);
