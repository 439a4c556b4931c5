// The providers' listings pages: a provider sees only its organisation's listings, confirms one is still
// accurate, edits English and Welsh text and a venue's visibility, meets a stale ETag and a bad value, pauses,
// closes and adds listings; an organisation whose edits wait gets "waits for approval". English and Welsh,
// axe on each page, and 320 px wide without sideways scrolling. Each result is re-read through the API.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { missingPrerequisite, startServer } from './support/server.mjs';
import { launchChromium, newPage, settled, seriousViolations } from './support/browser.mjs';
import { ApiSession, createAdmin, invite, signInPage } from './support/accounts.mjs';

const skip = missingPrerequisite();
const SHOTS = '/tmp/shots-listings';
const NARROW = { width: 320, height: 800 };

/** A write through the API as a signed-in person, with headers (If-Match) ApiSession.fetch does not send. */
async function write(session, method, path, body, headers = {}) {
  const response = await fetch(session.baseUrl + path, {
    method,
    headers: {
      Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-TOKEN': session.csrf,
      Cookie: [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const today = () => new Date().toISOString().slice(0, 10);

async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('the listings pages', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let browser;
  let admin;
  let provider;
  let api; // the provider, signed in through the API
  let own; // organisation 1's listings: [{ Id, Name, LastVerified, Status }]

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    admin = await createAdmin(server);
    provider = await invite(server, admin, { email: 'lister@example.org', role: 'provider', organisations: [1], name: 'Lee Lister' });
    api = new ApiSession(server.baseUrl);
    await api.signIn(provider.email);
    own = (await api.fetch('GET', '/odata/Interventions?$filter=OrganisationId eq 1&$select=Id,Name,LastVerified,Status&$orderby=Id&$top=50')).value;
    assert.ok(own.length >= 6, `organisation 1 has ${own.length} listings`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const listing = (id) => api.fetch('GET', `/odata/Interventions(${id})?$expand=Areas($select=Code)`);

  it('shows a provider only its own organisation\'s listings, with both dates, in English and Welsh, at 1280 and 320 px', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, provider, '/manage/listings');
    await settled(page);
    const ids = (await page.locator('.listings-table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)))).sort((a, b) => a - b);
    const expected = (await api.fetch('GET', '/odata/Interventions?includeDeleted=true&$filter=OrganisationId eq 1&$select=Id&$top=500')).value.map((l) => l.Id).sort((a, b) => a - b);
    assert.deepEqual(ids, expected);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Your listings');
    const headers = await page.locator('.listings-table thead th').allTextContents();
    assert.deepEqual(headers, ['Listing', 'Status', 'Last verified', 'Last edited', 'Actions']);
    assert.equal(await page.locator('a[href="/api/listings/export?format=csv"]').count(), 1);
    assert.equal(await page.locator('a[href="/api/listings/export?format=xlsx"]').count(), 1);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: `${SHOTS}/list-1280.png`, fullPage: false });

    await page.goto('/manage/listings?lang=cy');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Eich rhestrau');
    assert.ok((await page.locator('button[data-action="verify"]').first().textContent()).startsWith('Yn dal yn gywir'));
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();

    const narrow = await newPage(browser, server.baseUrl, { viewport: NARROW });
    await signInPage(narrow.page, provider, '/manage/listings');
    await settled(narrow.page);
    assert.ok(await fitsWidth(narrow.page), 'the list fits 320 px');
    await narrow.page.screenshot({ path: `${SHOTS}/list-320.png` });
    await narrow.context.close();
  });

  it('"Still accurate" sets the last verified date to today, and says so', async () => {
    const target = own.find((l) => l.LastVerified !== today());
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, provider, '/manage/listings');
    await settled(page);
    const editedBefore = await page.textContent(`tr[data-id="${target.Id}"] .edited-cell`);
    await page.click(`tr[data-id="${target.Id}"] button[data-action="verify"]`);
    await page.waitForFunction(() => /still accurate: last verified/.test(document.querySelector('.listings-status')?.textContent ?? ''));
    assert.equal((await listing(target.Id)).LastVerified, today());
    const verified = await page.textContent(`tr[data-id="${target.Id}"] .verified-cell`);
    const day = new Date();
    assert.ok(verified.includes(String(day.getUTCDate())), verified);
    // A verification is not an edit: "last edited" stays as it was.
    assert.equal(await page.textContent(`tr[data-id="${target.Id}"] .edited-cell`), editedBefore);
    await context.close();
  });

  it('saves English and Welsh names and a venue\'s visibility; a hidden venue never reaches the public', async () => {
    const target = own[1];
    const venue = (await write(api, 'POST', '/odata/VenueRecords', {
      InterventionId: target.Id, Name: 'ZZLIST hub', Address: '1 Test Road', Postcode: 'CF10 1AA', Latitude: 51.48, Longitude: -3.18, Visibility: 'exact',
    })).body;
    assert.ok(venue?.Id, 'venue created');
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, provider, `/manage/listings/${target.Id}`);
    await settled(page);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: `${SHOTS}/editor-1280.png` });
    await page.locator('form.venue', { hasText: 'ZZLIST hub' }).screenshot({ path: `${SHOTS}/venue-1280.png` });
    const welsh = page.getByLabel('Name (Welsh)');
    assert.equal(await welsh.getAttribute('lang'), 'cy');
    await page.getByLabel('Name (English)').fill('ZZLIST Changing Paths');
    await welsh.fill('ZZLIST Llwybrau Newid');
    await page.click('form.editor button[type="submit"]');
    await page.waitForFunction(() => (document.querySelector('.listings-status')?.textContent ?? '').startsWith('Saved'));
    const saved = await listing(target.Id);
    assert.equal(saved.Name, 'ZZLIST Changing Paths');
    assert.equal(saved.NameCy, 'ZZLIST Llwybrau Newid');

    const venueForm = page.locator('form.venue', { hasText: 'ZZLIST hub' });
    await venueForm.getByLabel(/never shown to the public or other organisations/).check();
    await venueForm.locator('button[type="submit"]').click();
    await page.waitForFunction(() => (document.querySelector('.listings-status')?.textContent ?? '') === 'The venue is saved.');
    assert.equal((await api.fetch('GET', `/odata/VenueRecords?$filter=Id eq ${venue.Id}`)).value[0].Visibility, 'hidden');
    const publicVenues = await (await fetch(`${server.baseUrl}/odata/Venues?$filter=InterventionId eq ${target.Id}`)).json();
    assert.ok(!publicVenues.value.some((v) => v.PublicId === venue.PublicId), 'the hidden venue is not public');
    assert.ok(!JSON.stringify(publicVenues).includes('1 Test Road'));

    // The change is in the History section, before and after.
    await page.reload();
    await settled(page);
    const history = await page.textContent('.history');
    assert.match(history, /Lee Lister/);
    assert.match(history, /ZZLIST Changing Paths/);
    await context.close();
  });

  it('a change saved meanwhile gives the API\'s "who changed what" message and a reload', async () => {
    const target = own[2];
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, provider, `/manage/listings/${target.Id}`);
    await settled(page);
    const changed = await write(api, 'PATCH', `/odata/Interventions(${target.Id})`, { Description: 'Changed meanwhile by the API.' }, { 'If-Match': '*' });
    assert.equal(changed.status, 200);
    await page.getByLabel('Waiting time in weeks').fill('7');
    await page.click('form.editor button[type="submit"]');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.match(await summary.textContent(), /has changed since your copy.*Lee Lister/s);
    assert.notEqual((await listing(target.Id)).WaitingTimeWeeks, 7);
    await summary.getByRole('button', { name: /Reload the listing/ }).click();
    await page.waitForFunction(() => document.querySelector('textarea[name="Description"]')?.value === 'Changed meanwhile by the API.');
    await context.close();
  });

  it('shows a bad value\'s message beside its field, in Welsh too, and at 320 px the editor fits', async () => {
    const target = own[3];
    const { context, page } = await newPage(browser, server.baseUrl, { viewport: NARROW });
    await signInPage(page, provider, `/manage/listings/${target.Id}?lang=cy`);
    await settled(page);
    assert.equal(await page.getByLabel('Enw (Cymraeg)').getAttribute('lang'), 'cy');
    assert.deepEqual(await seriousViolations(page), []);
    assert.ok(await fitsWidth(page), 'the editor fits 320 px');
    await page.screenshot({ path: `${SHOTS}/editor-320-cy.png` });
    await page.locator('[data-field="ReferralEmail"] input').fill('not-an-email');
    await page.click('form.editor button[type="submit"]');
    const message = page.locator('[data-field="ReferralEmail"] .field-error');
    await message.waitFor();
    // The server words it in the page's language (Accept-Language), beside the field and in the summary.
    assert.equal(await message.textContent(), "Nid yw 'not-an-email' yn gyfeiriad e-bost.");
    assert.equal(await page.locator('[data-field="ReferralEmail"] input').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.error-summary a').count(), 1);
    assert.doesNotMatch(await page.locator('.error-summary').textContent(), /is not an e-mail address/);
    await page.screenshot({ path: `${SHOTS}/editor-320-cy-error.png` });
    assert.deepEqual(await seriousViolations(page), []);
    assert.notEqual((await listing(target.Id)).ReferralEmail, 'not-an-email');

    // Unsaved changes: leaving asks first, and staying keeps them.
    let asked = null;
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      dialog.dismiss();
    });
    await page.getByRole('link', { name: "Yn ôl i'ch rhestrau" }).click();
    assert.match(asked ?? '', /newidiadau heb eu cadw/);
    assert.match(page.url(), new RegExp(`/manage/listings/${target.Id}`));
    assert.equal(await page.locator('[data-field="ReferralEmail"] input').inputValue(), 'not-an-email');
    await context.close();
  });

  it('pauses one listing and closes another after a confirmation', async () => {
    const [paused, closed] = [own[4], own[5]];
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, provider, '/manage/listings');
    await settled(page);
    await page.click(`tr[data-id="${paused.Id}"] button[data-action="pause"]`);
    await page.waitForFunction(() => /is paused\.$/.test(document.querySelector('.listings-status')?.textContent ?? ''));
    assert.equal((await listing(paused.Id)).Status, 'paused');
    assert.equal(await page.locator(`tr[data-id="${paused.Id}"] button[data-action="reopen"]`).count(), 1);

    await page.click(`tr[data-id="${closed.Id}"] button[data-action="close"]`);
    const panel = page.locator('.confirm-panel');
    assert.match(await panel.textContent(), /removes the listing from search results.*audit trail/s);
    assert.deepEqual(await seriousViolations(page), []);
    await panel.getByRole('button', { name: 'Yes, close the listing' }).click();
    await page.waitForFunction(() => /is closed/.test(document.querySelector('.listings-status')?.textContent ?? ''));
    const tombstone = await api.fetch('GET', `/odata/Interventions(${closed.Id})`);
    assert.equal(tombstone.Status, 'closed');
    assert.ok(tombstone.ClosedAt);
    // Still on the list, marked closed, with nothing left to do.
    assert.match(await page.textContent(`tr[data-id="${closed.Id}"]`), /Closed on/);
    assert.equal(await page.locator(`tr[data-id="${closed.Id}"] button`).count(), 0);
    await context.close();
  });

  it('adds a new listing with its areas chosen through the filter box', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, provider, '/manage/listings');
    await settled(page);
    await page.getByRole('link', { name: 'Add a listing' }).click();
    await page.waitForURL(/\/manage\/listings\/new$/);
    await settled(page);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Name (English)').fill('ZZLIST New Beginnings');
    await page.getByLabel('Name (Welsh)').fill('ZZLIST Dechrau Newydd');
    await page.getByLabel('Filter the areas').fill('cardi');
    assert.equal(await page.locator('[data-field="Areas"] .check:not([hidden])').count(), 1);
    await page.getByLabel('Cardiff', { exact: true }).check();
    await page.click('form.editor button[type="submit"]');
    await page.waitForURL(/\/manage\/listings\/\d+\?added=1$/);
    await settled(page);
    const id = Number(/listings\/(\d+)/.exec(page.url())[1]);
    const created = await listing(id);
    assert.equal(created.OrganisationId, 1);
    assert.equal(created.NameCy, 'ZZLIST Dechrau Newydd');
    assert.deepEqual(created.Areas.map((a) => a.Code), ['W06000015']);
    await context.close();
  });

  it('shows an administrator every organisation\'s listings, with a filter for one', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, { email: 'admin@example.org' }, '/manage/listings');
    await settled(page);
    assert.ok(await page.locator('.listings-table thead th', { hasText: 'Organisation' }).count());
    await page.getByLabel('Organisation', { exact: true }).selectOption('2');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/manage\/listings\?organisation=2$/);
    await settled(page);
    const ids = (await page.locator('.listings-table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)))).sort((a, b) => a - b);
    const expected = (await admin.fetch('GET', '/odata/Interventions?includeDeleted=true&$filter=OrganisationId eq 2&$select=Id&$top=500')).value.map((l) => l.Id).sort((a, b) => a - b);
    assert.deepEqual(ids, expected);
    await context.close();
  });

  it('tells a provider whose organisation\'s edits wait that the change waits for approval', async () => {
    await admin.fetch('PUT', '/api/moderation/organisations/2', { editsWaitForApproval: true });
    const waiting = await invite(server, admin, { email: 'waiter@example.org', role: 'provider', organisations: [2], name: 'Wyn Waiter' });
    const session = new ApiSession(server.baseUrl);
    await session.signIn(waiting.email);
    const target = (await session.fetch('GET', '/odata/Interventions?$filter=OrganisationId eq 2&$select=Id,Name&$top=1')).value[0];
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, waiting, `/manage/listings/${target.Id}`);
    await settled(page);
    await page.getByLabel('Name (Welsh)').fill('ZZLIST Aros');
    await page.click('form.editor button[type="submit"]');
    await page.waitForFunction(() => /administrator to approve/.test(document.querySelector('.listings-status')?.textContent ?? ''));
    assert.notEqual((await session.fetch('GET', `/odata/Interventions(${target.Id})`)).NameCy, 'ZZLIST Aros');
    await page.goto('/manage/listings');
    await settled(page);
    assert.match(await page.textContent(`tr[data-id="${target.Id}"]`), /Change waiting for approval/);
    await context.close();
  });
});
