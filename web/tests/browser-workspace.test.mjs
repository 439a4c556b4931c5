// The signed-in workspace's shell: its pages need a sign-in, each role sees its own links, a page outside
// the role says so, and the public map never loads the workspace's code.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { missingPrerequisite, startServer } from './support/server.mjs';
import { launchChromium, newPage, settled, seriousViolations } from './support/browser.mjs';
import { createAdmin, invite, signInPage } from './support/accounts.mjs';

const skip = missingPrerequisite();

describe('the signed-in workspace', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let browser;
  let provider;
  let analyst;

  before(async () => {
    server = await startServer();
    browser = await launchChromium();
    const admin = await createAdmin(server);
    provider = await invite(server, admin, { email: 'provider@example.org', role: 'provider', organisations: [1] });
    analyst = await invite(server, admin, { email: 'analyst@example.org', role: 'analyst' });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a visitor who is not signed in to the sign-in page, remembering where they were going', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto('/manage/listings');
    await page.waitForURL(/\/account\/signin\?next=%2Fmanage%2Flistings$/);
    await context.close();
  });

  it('shows a provider the provider links and refuses the people page', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, provider, '/manage/people');
    await settled(page);
    const links = await page.locator('.workspace-nav li a').allTextContents();
    assert.deepEqual(links, ['Your listings', 'Upload a spreadsheet', 'Problem reports', 'Your account']);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'You cannot open this page');
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });

  it('lands an analyst on the analysis in Welsh, with Welsh links', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, analyst, '/manage?lang=cy');
    await page.waitForURL(/\/analysis\?lang=cy$/);
    await settled(page);
    const links = await page.locator('.workspace-nav li a').allTextContents();
    assert.deepEqual(links, ['Dadansoddi', 'Mewnforion arolwg', 'Eich cyfrif']);
    await context.close();
  });

  it('the public search loads none of the workspace code', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const scripts = [];
    page.on('request', (request) => { if (request.resourceType() === 'script') scripts.push(request.url()); });
    await page.goto('/');
    await settled(page);
    assert.ok(scripts.length > 0);
    assert.deepEqual(scripts.filter((url) => /workspace|signin|analysis|editor/.test(url)), []);
    await context.close();
  });
});
