// "Report a problem with this listing" and the reminder's "still accurate" page, in English and Welsh:
// they work by keyboard-reachable controls, say what happened in a status region, and pass axe.
// Headless Debian Chromium, real API (build it and web/dist first).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { missingPrerequisite, startServer } from './support/server.mjs';
import { launchChromium, newPage, settled, seriousViolations } from './support/browser.mjs';

const en = JSON.parse(readFileSync(new URL('../src/i18n/en.json', import.meta.url)));
const cy = JSON.parse(readFileSync(new URL('../src/i18n/cy.json', import.meta.url)));
const skip = missingPrerequisite();

describe('problem reports and the still-accurate page', { skip: skip ?? false, timeout: 300_000 }, () => {
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

  const firstListing = async () => {
    const response = await fetch(`${server.baseUrl}/odata/Interventions?$select=Id&$top=1&$orderby=Id`);
    return (await response.json()).value[0].Id;
  };

  for (const [lang, strings] of [['en', en], ['cy', cy]]) {
    it(`a listing's page sends a problem report (${lang})`, async () => {
      const { context, page } = await newPage(browser, server.baseUrl);
      await page.goto(`/interventions/${await firstListing()}${lang === 'cy' ? '?lang=cy' : ''}`);
      await settled(page);
      await page.getByText(strings['problem.title']).click();
      await page.getByRole('button', { name: strings['problem.send'] }).click();
      await page.locator('.problem-status', { hasText: strings['problem.chooseCategory'] }).waitFor();

      await page.getByLabel(strings['problem.closed']).check();
      await page.getByLabel(strings['problem.details'], { exact: false }).fill('Closed last month: the phone line is off.');
      await page.getByRole('button', { name: strings['problem.send'] }).click();
      await page.locator('.problem-status', { hasText: strings['problem.sent'] }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await context.close();
    });

    it(`the still-accurate page changes nothing on opening and explains a bad link (${lang})`, async () => {
      const { context, page } = await newPage(browser, server.baseUrl);
      await page.goto(`/still-accurate${lang === 'cy' ? '?lang=cy' : ''}#not-a-real-token`);
      await settled(page);
      assert.equal((await page.textContent('#detail-view h1')).trim(), strings['verify.title']);
      assert.doesNotMatch(page.url(), /not-a-real-token/, 'the token leaves the address bar');
      await page.getByRole('button', { name: strings['verify.confirm'] }).click();
      await page.locator('.verify-status', { hasText: strings['verify.invalid'] }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await context.close();
    });
  }
});
