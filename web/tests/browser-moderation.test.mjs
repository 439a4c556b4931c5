// The moderation area's pages: a provider uploads an edited copy of its real export and sees the per-row
// diff, applies it, and the change is read back through the API; a file with a bad row shows the row's
// message; an administrator approves one queued edit and rejects another with a reason, which the provider
// then reads. English and Welsh, axe on every page.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { missingPrerequisite, startServer } from './support/server.mjs';
import { launchChromium, newPage, settled, seriousViolations } from './support/browser.mjs';
import { createAdmin, invite, signInPage, ApiSession } from './support/accounts.mjs';

const skip = missingPrerequisite();
const SHOTS = '/tmp/shots-moderation';

/** RFC 4180 CSV into rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const toCsv = (rows) => rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

/** The provider's export, downloaded with the page's own session, as rows; and a way to edit a cell of a listing's row. */
async function exportOf(page) {
  const response = await page.context().request.get('/api/listings/export?format=csv');
  assert.equal(response.status(), 200);
  const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
  const header = rows[0];
  const col = (name) => header.indexOf(name);
  return {
    rows,
    first: rows[1],
    set(row, name, value) { row[col(name)] = value; },
    get(row, name) { return row[col(name)]; },
    file: (name) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(toCsv(rows), 'utf8') }),
  };
}

/** A write as a signed-in person (cookie, anti-forgery header), with If-Match. */
async function patchAs(session, path, body) {
  const headers = {
    'Content-Type': 'application/json', Accept: 'application/json', 'If-Match': '*', 'X-CSRF-TOKEN': session.csrf,
    Cookie: [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
  const response = await fetch(session.baseUrl + path, { method: 'PATCH', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await page.screenshot({ path: `${SHOTS}/${name}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('uploads, moderation and problem reports', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let browser;
  let admin;
  let uploader;
  let waiting;
  let waitingOrg;
  let queued;

  before(async () => {
    server = await startServer();
    browser = await launchChromium();
    admin = await createAdmin(server);
    // Two organisations with listings: one publishes at once (the uploader's), one waits for approval.
    const listings = (await admin.fetch('GET', '/odata/Interventions?$select=Id,Name,OrganisationId,PublicId&$top=200')).value;
    const organisations = [...new Set(listings.map((l) => l.OrganisationId))];
    const [uploaderOrg] = organisations;
    waitingOrg = organisations.find((o) => o !== uploaderOrg && listings.filter((l) => l.OrganisationId === o).length >= 2);
    uploader = await invite(server, admin, { email: 'uploader@example.org', role: 'provider', organisations: [uploaderOrg] });
    waiting = await invite(server, admin, { email: 'waiting@example.org', role: 'provider', organisations: [waitingOrg] });
    await admin.fetch('PUT', `/api/moderation/organisations/${waitingOrg}`, { editsWaitForApproval: true });
    const session = new ApiSession(server.baseUrl);
    await session.signIn(waiting.email);
    const [one, two] = listings.filter((l) => l.OrganisationId === waitingOrg);
    const first = await patchAs(session, `/odata/Interventions(${one.Id})`, { WaitingTimeWeeks: 5 });
    const second = await patchAs(session, `/odata/Interventions(${two.Id})`, { NameCy: 'ZZ Enw newydd i’w wrthod' });
    assert.deepEqual([first.status, second.status], [202, 202]);
    queued = { approve: { ...one, item: first.body.Id ?? first.body.id }, reject: { ...two, item: second.body.Id ?? second.body.id } };
    // A report from the public about one of the waiting organisation's listings.
    const report = await fetch(`${server.baseUrl}/api/listings/${one.PublicId}/problems`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ category: 'wrong-contact', details: 'ZZ The phone number rings out.' }),
    });
    assert.equal(report.status, 202);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a provider uploads its edited export, sees the diff, applies it, and the change is saved', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, uploader, '/manage/upload');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Upload a spreadsheet of your listings');
    assert.deepEqual(await seriousViolations(page), []);

    const file = await exportOf(page);
    const row = file.first;
    const id = Number(file.get(row, 'Id'));
    const before = file.get(row, 'Waiting time (weeks)');
    const after = String((Number(before) || 0) + 3);
    file.set(row, 'Waiting time (weeks)', after);
    await page.setInputFiles('input[type=file]', file.file('listings.csv'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'What your file changes' }).waitFor();
    const table = page.locator('table.upload-diff');
    assert.match(await table.textContent(), new RegExp(`Waiting time \\(weeks\\):.*${after}`));
    assert.match(await table.locator('tbody tr').first().textContent(), /Changed/);
    assert.deepEqual(await seriousViolations(page), []);
    await shoot(page, 'upload-preview');

    await page.getByRole('button', { name: 'Apply 1 change' }).click();
    await page.getByText('Changes published: 1.').waitFor();
    const saved = await (await page.context().request.get(`/odata/Interventions(${id})?$select=WaitingTimeWeeks`)).json();
    assert.equal(saved.WaitingTimeWeeks, Number(after));
    await context.close();
  });

  it('shows a bad row\'s message, in Welsh', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, uploader, '/manage/upload?lang=cy');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), "Llwytho taenlen o'ch rhestriadau");
    const file = await exportOf(page);
    file.set(file.first, 'Places per year', 'lots');
    await page.setInputFiles('input[type=file]', file.file('listings.csv'));
    await page.getByRole('button', { name: "Gwirio'r ffeil" }).click();
    await page.getByRole('heading', { name: 'Beth mae eich ffeil yn ei newid' }).waitFor();
    const errorRow = page.locator('tr.upload-row-error');
    assert.match(await errorRow.textContent(), /Gwall/);
    // The server words it in the page's language.
    assert.match(await errorRow.textContent(), /Rhaid i Places per year fod yn rhif cyfan, megis 12 \(nid yw 'lots'\)/);
    assert.doesNotMatch(await errorRow.textContent(), /must be/);
    assert.equal(await page.getByRole('button', { name: /Rhoi .* ar waith/ }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    await shoot(page, 'upload-error-cy');
    await context.close();
  });

  it('an administrator approves one queued edit and rejects another with a reason the provider reads', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, { email: 'admin@example.org' }, '/manage/moderation');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Moderation queue');
    const approveItem = page.locator('article.moderation-item', { hasText: queued.approve.Name });
    assert.match(await approveItem.textContent(), /WaitingTimeWeeks/);
    assert.deepEqual(await seriousViolations(page), []);
    await shoot(page, 'moderation');
    await approveItem.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved: the change is published.').waitFor();

    const rejectItem = page.locator('article.moderation-item', { hasText: queued.reject.Name });
    await rejectItem.getByRole('button', { name: 'Reject' }).click();
    assert.match(await rejectItem.locator('.error-summary').textContent(), /Say why the change is rejected/);
    await rejectItem.getByLabel('Reason for rejecting').fill('ZZ The Welsh name must match the leaflet.');
    await rejectItem.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Rejected. The provider can read your reason.').waitFor();
    assert.equal(await page.locator('article.moderation-item').count(), 0);
    const approved = await (await page.context().request.get(`/odata/Interventions(${queued.approve.Id})?$select=WaitingTimeWeeks`)).json();
    assert.equal(approved.WaitingTimeWeeks, 5);

    await page.goto('/manage/moderation?lang=cy');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Ciw cymedroli');
    assert.deepEqual(await seriousViolations(page), []);
    await page.goto('/manage/problems?lang=en');
    await settled(page);
    assert.match(await page.locator('#workspace-view table').first().textContent(), /The contact details are wrong/);
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();

    const provider = await newPage(browser, server.baseUrl);
    await signInPage(provider.page, waiting, '/manage/problems?lang=cy');
    await settled(provider.page);
    const edits = provider.page.locator('section', { has: provider.page.locator('#edits-heading') });
    const rejectedRow = edits.locator('tr', { hasText: 'Gwrthodwyd' });
    assert.match(await rejectedRow.textContent(), /ZZ The Welsh name must match the leaflet\./);
    assert.match(await edits.textContent(), /Cymeradwywyd/);
    assert.match(await provider.page.locator('#workspace-view table').first().textContent(), /ZZ The phone number rings out\./);
    assert.deepEqual(await seriousViolations(provider.page), []);
    await shoot(provider.page, 'problems-cy');
    await provider.context.close();
  });
});
