// Browser tests for "Leave this site" (the GOV.UK "Exit this page" pattern): Back after leaving
// never shows the directory, the product's storage is empty, the control stays on screen, and
// Escape never interrupts typing. The destination (Map:ExitUrl) is a page served here, on loopback.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { missingPrerequisite, startServer } from './support/server.mjs';
import { launchChromium, newPage as openPage, settled } from './support/browser.mjs';

const skip = missingPrerequisite();

/** A neutral site on another loopback origin: "/before" (where the user came from) and "/neutral". */
function startElsewhere() {
  const referrers = [];
  const server = createServer((request, response) => {
    const name = new URL(request.url, 'http://x').pathname.slice(1) || 'root';
    if (name === 'neutral') referrers.push(request.headers.referer ?? null);
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>${name}</title><p>${name}</p>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`,
    referrers,
    close: () => new Promise((done) => server.close(done)),
  })));
}

describe('leaving the site quickly', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let elsewhere;
  let browser;
  let exitUrl;

  before(async () => {
    elsewhere = await startElsewhere();
    exitUrl = `${elsewhere.origin}/neutral`;
    server = await startServer({ env: { Map__ExitUrl: exitUrl } });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await elsewhere?.close();
  });

  const newPage = (viewport) => openPage(browser, server.baseUrl, viewport ? { viewport } : {});

  /** Came from elsewhere, chose an area, ticked a filter, opened an intervention: four entries. */
  const browseTheDirectory = async (page, { lang = 'en' } = {}) => {
    await page.goto(`${elsewhere.origin}/before`);
    await page.goto(lang === 'cy' ? '/?area=W06000015&lang=cy' : '/?area=W06000015');
    await settled(page);
    await page.click('details[data-facet=risk] summary');
    await page.check('#f-risk-high');
    await page.waitForURL(/risk=high/);
    await settled(page);
    const link = page.locator('#results-list > li h3 a').first();
    await link.click();
    await page.waitForURL(/\/interventions\/\d+/);
    await settled(page);
    // Something in every kind of storage the product could use.
    await page.evaluate(async () => {
      sessionStorage.setItem('blueprint.test', 'x');
      await caches.open('blueprint-test');
    });
    assert.ok(await page.evaluate(() => localStorage.length) > 0, 'the language choice is stored');
  };

  /** Back from the neutral page goes to where the user was before the directory, never into it. */
  const backLeadsOutOfTheDirectory = async (page) => {
    await page.waitForURL(exitUrl);
    assert.equal(await page.title(), 'neutral');
    await page.goBack();
    assert.equal(page.url(), `${elsewhere.origin}/before`);
    assert.equal(await page.title(), 'before');
    assert.equal(await page.locator('#search-view, #detail-view').count(), 0);
  };

  /**
   * What the product stored, read from a same-origin document that runs no script of ours. The exit starts
   * deleting Cache API caches and leaves at once (it never waits); the browser finishes the deletion in the
   * background, so a reading is retried for a few seconds before it counts.
   */
  const storedOnTheSite = async (page) => {
    await page.goto('/api/config');
    const read = () => page.evaluate(async () => ({
      local: localStorage.length, session: sessionStorage.length, caches: (await caches.keys()).length,
    }));
    let stored = await read();
    for (let i = 0; i < 50 && (stored.local || stored.session || stored.caches); i++) {
      await new Promise((r) => setTimeout(r, 100));
      stored = await read();
    }
    return stored;
  };

  it('by the button: Back does not show the directory and nothing stays stored', async () => {
    const { context, page } = await newPage();
    await browseTheDirectory(page);
    assert.equal(await page.getAttribute('#quick-exit', 'href'), exitUrl, 'the destination is the setting');
    const asked = elsewhere.referrers.length;
    await page.click('#quick-exit');
    await backLeadsOutOfTheDirectory(page);
    assert.deepEqual(elsewhere.referrers.slice(asked), [null], 'the neutral site is not told where the user was');
    assert.deepEqual(await storedOnTheSite(page), { local: 0, session: 0, caches: 0 });
    await context.close();
  });

  it('by pressing Shift three times, in Welsh, with focus on a link', async () => {
    const { context, page } = await newPage();
    await browseTheDirectory(page, { lang: 'cy' });
    await page.focus('#detail-view a');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await backLeadsOutOfTheDirectory(page);
    assert.deepEqual(await storedOnTheSite(page), { local: 0, session: 0, caches: 0 });
    await context.close();
  });

  it('after a reload in the middle, Back still does not show the directory', async () => {
    const { context, page } = await newPage();
    await browseTheDirectory(page);
    await page.reload(); // this entry now belongs to another document than the ones before it
    await settled(page);
    await page.click('#quick-exit');
    await backLeadsOutOfTheDirectory(page);
    assert.deepEqual(await storedOnTheSite(page), { local: 0, session: 0, caches: 0 });
    await context.close();
  });

  it('Escape never exits while typing in the search box, but does on the page itself', async () => {
    const { context, page } = await newPage();
    await page.goto('/?area=W06000015');
    await settled(page);
    await page.focus('#place-text');
    await page.keyboard.type('Gwyn');
    await page.keyboard.press('Escape');
    // Leaving hides the page at once, in the key's own handler: the page is shown, the box focused.
    assert.equal(await page.evaluate(() => document.body.hidden), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'place-text');
    assert.equal(await page.locator('#results-list > li').count() > 0, true);
    await page.fill('#place-text', 'Gwynedd');
    await page.keyboard.press('Enter');
    await page.waitForURL(/area=W06000002/);
    await settled(page);

    await page.focus('#area-select');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.body.hidden), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'area-select');

    await page.focus('#results-heading');
    await page.keyboard.press('Escape');
    await page.waitForURL(exitUrl);
    await context.close();
  });

  it('Shift pressed while typing capitals does not exit', async () => {
    const { context, page } = await newPage();
    await page.goto('/');
    await settled(page);
    await page.focus('#place-text');
    await page.keyboard.type('Ynys Môn Cardiff Bro Morgannwg');
    await page.keyboard.press('Shift+KeyA');
    await page.keyboard.press('Shift+KeyB');
    await page.keyboard.press('Shift+KeyC');
    assert.equal(await page.evaluate(() => document.body.hidden), false);
    assert.equal(await page.inputValue('#place-text'), 'Ynys Môn Cardiff Bro MorgannwgABC');
    await context.close();
  });

  for (const viewport of [{ width: 320, height: 640 }, { width: 1366, height: 768 }]) {
    it(`the button stays on screen and on top after scrolling at ${viewport.width} px`, async () => {
      const { context, page } = await newPage(viewport);
      for (const url of ['/?area=W06000015', '/?area=W06000015&lang=cy']) {
        await page.goto(url);
        await settled(page);
        for (const y of [600, 3000, 100_000]) {
          await page.evaluate((top) => window.scrollTo(0, top), y);
          const box = await page.locator('#quick-exit').boundingBox();
          assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height, `visible after scrolling to ${y}`);
          // Nothing (the map, a popup, a marker) is drawn over it.
          const onTop = await page.evaluate(({ x, y: top }) => document.elementFromPoint(x, top)?.closest('#quick-exit') != null,
            { x: box.x + box.width / 2, y: box.y + box.height / 2 });
          assert.ok(onTop, `on top after scrolling to ${y}`);
        }
        assert.ok(await page.evaluate(() => window.scrollY) > 0, 'the page did scroll');
      }
      await context.close();
    });
  }
});

if (skip) console.log(`# browser exit tests skipped: ${skip}`);
