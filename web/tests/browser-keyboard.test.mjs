// Browser tests for keyboard use, focus, small screens and reflow: what a keyboard or screen-reader
// user and a phone user notice. Real API on loopback with the sample data.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingPrerequisite, startServer, WEB_ROOT } from './support/server.mjs';
import { launchChromium, newPage as openPage, settled, seriousViolations } from './support/browser.mjs';

const en = JSON.parse(readFileSync(join(WEB_ROOT, 'src', 'i18n', 'en.json'), 'utf8'));
const CARDIFF = 'W06000015';
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const NARROW = { width: 320, height: 640 };

const skip = missingPrerequisite();

describe('keyboard, focus and small screens', { skip: skip ?? false, timeout: 600_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ shared: true });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const newPage = (viewport = LAPTOP) => openPage(browser, server.baseUrl, { viewport });

  const count = async (filter) => {
    const params = new URLSearchParams({ $filter: filter, $count: 'true', $top: '0' });
    const response = await fetch(`${server.baseUrl}/odata/Interventions/InArea(code='${CARDIFF}')?${params}`);
    return (await response.json())['@odata.count'];
  };

  const countSentence = (n) => (n === 1 ? en['results.count.one'] : en['results.count.other'].replace('{count}', n))
    .replace('{place}', 'Cardiff');

  /** The count sentence of the status ("12 interventions serve Cardiff"), without the range that follows it. */
  const countOf = async (locator) => (await locator.textContent()).trim().split('. ')[0];

  const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? null);

  it('ticking a filter keeps focus on the box and the page where it was, and announces the new count', async () => {
    const { context, page } = await newPage();
    await page.goto(`/?area=${CARDIFF}`);
    await settled(page);
    await page.click('details[data-facet=language] summary');
    await page.focus('#f-language-cy');
    await page.evaluate(() => window.scrollBy(0, 100));
    const scrollY = await page.evaluate(() => window.scrollY);
    assert.ok(scrollY > 0);
    await page.keyboard.press('Space');
    await page.waitForURL(/language=cy/);
    await settled(page);
    assert.equal(await focusedId(page), 'f-language-cy');
    assert.equal(await page.isChecked('#f-language-cy'), true);
    assert.equal(await page.evaluate(() => window.scrollY), scrollY);
    const status = page.locator('#results-status');
    assert.equal(await status.getAttribute('role'), 'status', 'the count is in a live region');
    assert.equal(await countOf(status),
      countSentence(await count("Status ne 'closed' and Languages/any(x: x eq 'cy')")));

    // Browser Back undoes the tick: focus stays on the box, the count is announced again.
    await page.goBack();
    await settled(page);
    assert.equal(await focusedId(page), 'f-language-cy');
    assert.equal(await page.isChecked('#f-language-cy'), false);
    assert.equal(await countOf(status), countSentence(await count("Status ne 'closed'")));
    await context.close();
  });

  it('"Clear filters" leaves focus in the filters, not on the page', async () => {
    const { context, page } = await newPage();
    await page.goto(`/?area=${CARDIFF}&language=cy&risk=high`);
    await settled(page);
    await page.focus('#clear-filters');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.search.includes('language='));
    await settled(page);
    const where = await page.evaluate(() => ({
      inFilters: document.activeElement?.closest('#filters-panel') != null,
      tag: document.activeElement?.tagName,
    }));
    assert.deepEqual(where, { inFilters: true, tag: 'SUMMARY' });
    assert.equal(await countOf(page.locator('#results-status')), countSentence(await count("Status ne 'closed'")));
    await context.close();
  });

  it('"Back to results" and browser Back return to the result that was opened, where the list was', async () => {
    const { context, page } = await newPage();
    await page.goto(`/?area=${CARDIFF}`);
    await settled(page);
    const link = page.locator('#results-list > li h3 a').nth(5);
    const href = await link.getAttribute('href');
    await link.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 40));
    const scrollY = await page.evaluate(() => window.scrollY);
    assert.ok(scrollY > 200, 'the list was scrolled');
    const focusedHref = () => page.evaluate(() => document.activeElement?.getAttribute('href'));

    for (const goBack of [
      async () => { await page.focus('#detail-view nav a'); await page.keyboard.press('Enter'); },
      () => page.goBack(),
    ]) {
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`${href}$`));
      await settled(page);
      await goBack();
      await page.waitForURL(/area=/);
      await settled(page);
      assert.equal(await focusedHref(), href);
      assert.equal(await page.evaluate(() => window.scrollY), scrollY);
    }
    await context.close();
  });

  it('"Skip to results" leads to the count, and the next Tab to the first result, before the map', async () => {
    const { context, page } = await newPage();
    await page.goto(`/?area=${CARDIFF}`);
    await settled(page);
    await page.keyboard.press('Tab');
    assert.equal((await page.evaluate(() => document.activeElement?.textContent))?.trim(), en['skip.results']);
    await page.keyboard.press('Enter');
    assert.equal(await focusedId(page), 'results-heading');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.querySelector('#results-list > li h3 a')?.getAttribute('href'));
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), first);
    const listBeforeMap = await page.evaluate(() =>
      Boolean(document.getElementById('results-list').compareDocumentPosition(document.getElementById('map'))
        & Node.DOCUMENT_POSITION_FOLLOWING));
    assert.ok(listBeforeMap, 'the list comes before the map in tab order');
    await context.close();
  });

  it('the map holds no unnamed tab stops: areas and clusters are reached through the lists', async () => {
    const { context, page } = await newPage();
    await page.goto(`/?area=${CARDIFF}`);
    await settled(page);
    assert.ok(await page.locator('#map .marker-cluster, #map .venue-icon').count() > 0, 'the map shows venues');
    assert.ok(await page.locator('#map path.leaflet-interactive').count() >= 22, 'the map shows the areas');
    await page.focus('#map-kind');
    const stops = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el?.closest('#map')) return null;
        return { tag: el.tagName, name: (el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent || '').trim() };
      });
      if (!stop) break;
      stops.push(stop);
    }
    assert.deepEqual(stops.filter((s) => !s.name), [], 'no unnamed stop');
    assert.ok(stops.length <= 5, `${stops.length} stops in the map: the map itself, zoom in and out, credits`);
    // The table of provision chooses an area by keyboard, as a click on the map does.
    await page.click('details.provision summary');
    await page.focus('#provision-table a[data-area="W06000011"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/area=W06000011/);
    await settled(page);
    assert.match(await page.textContent('#results-status'), /Swansea/);
    await context.close();
  });

  it('the area and map-shading lists apply a choice on Enter or on leaving, not on every arrow key', async () => {
    const { context, page } = await newPage();
    await page.goto('/');
    await settled(page);
    await page.focus('#area-select');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    const chosen = await page.inputValue('#area-select');
    assert.ok(chosen, 'the arrows moved through the options');
    assert.equal(new URL(page.url()).search, '', 'no search yet');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`area=${chosen}`));
    await settled(page);
    const entries = await page.evaluate(() => history.length);

    await page.focus('#map-kind');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.doesNotMatch(page.url(), /show=/);
    await page.keyboard.press('Tab');
    await page.waitForURL(/show=police-force-area/);
    await settled(page);
    assert.equal(await page.evaluate(() => history.length), entries + 1, 'one history entry for the choice');
    await context.close();
  });

  it('reflows at 320 px with no sideways scrolling, long addresses wrapping', async () => {
    const { context, page } = await newPage(NARROW);
    const longEmail = 'referrals.for.the.perpetrator.programme.team@an-exceptionally-long-organisation-name.example.org';
    const longUrl = 'https://an-exceptionally-long-organisation-name.example.org/services/perpetrator-programmes/referrals/online-form';
    // Give the listings the longest contact details a provider might enter.
    await page.route(/\/odata\/Interventions/, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      for (const item of body.value ?? [body]) {
        Object.assign(item, { ReferralEmail: longEmail, ReferralUrl: longUrl });
        if (item.Organisation) Object.assign(item.Organisation, { Email: longEmail, Website: longUrl });
      }
      await route.fulfill({ response, json: body });
    });
    const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
    for (const url of ['/', `/?area=${CARDIFF}`, `/?area=${CARDIFF}&lang=cy&show=health-board`]) {
      await page.goto(url);
      await settled(page);
      await page.click('#filters-panel > summary');
      await page.click('details.provision summary');
      assert.ok(await wide() <= 320, `${url} is ${await wide()} px wide`);
    }
    assert.ok(await page.locator(`a[href="mailto:${longEmail}"]`).count() > 0, 'the long address is shown');
    const id = await page.getAttribute('#results-list > li', 'data-id');
    await page.goto(`/interventions/${id}`);
    await settled(page);
    assert.ok(await page.locator(`a[href="${longUrl}"]`).count() > 0, 'the long website is shown');
    assert.ok(await wide() <= 320, `the detail page is ${await wide()} px wide`);
    await context.close();
  });

  for (const [name, viewport] of [['a 1366×768 laptop', LAPTOP], ['a 390×844 phone', PHONE]]) {
    it(`shows the count and the first results without scrolling on ${name}`, async () => {
      const { context, page } = await newPage(viewport);
      for (const url of [`/?area=${CARDIFF}`, `/?area=${CARDIFF}&lang=cy`, '/?area=W06000002&language=cy']) {
        await page.goto(url);
        await settled(page);
        const bottoms = await page.evaluate(() => ({
          count: document.getElementById('results-status').getBoundingClientRect().bottom,
          first: document.querySelector('#results-list > li h3')?.getBoundingClientRect().bottom ?? Infinity,
        }));
        assert.ok(bottoms.count <= viewport.height, `${url}: the count ends at ${bottoms.count} px`);
        assert.ok(bottoms.first <= viewport.height, `${url}: the first result's name ends at ${bottoms.first} px`);
      }
      await context.close();
    });
  }

  it('has no serious or critical accessibility violations on any view at 320 px', async () => {
    const { context, page } = await newPage(NARROW);
    await page.goto('/');
    await settled(page);
    assert.deepEqual(await seriousViolations(page), [], 'start');
    await page.goto(`/?area=W06000002&language=cy&lang=cy`);
    await settled(page);
    await page.click('#filters-panel > summary');
    await page.click('details[data-facet=language] summary');
    assert.deepEqual(await seriousViolations(page), [], 'results in Welsh, filters open');
    const id = await page.getAttribute('#results-list > li', 'data-id');
    await page.goto(`/interventions/${id}`);
    await settled(page);
    assert.deepEqual(await seriousViolations(page), [], 'an intervention');
    await context.close();
  });
});

if (skip) console.log(`# browser keyboard tests skipped: ${skip}`);
