// The account pages, as people use them: signing in (a wrong password, then the right one; with two-factor
// sign-in), accepting a mailed invitation, resetting a forgotten password from the mailed link, personal API
// tokens, and an administrator inviting a provider, in English and Welsh, with axe on every page.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { missingPrerequisite, startServer } from './support/server.mjs';
import { launchChromium, newPage, settled, seriousViolations } from './support/browser.mjs';
import { createAdmin, invite, signInPage, latestMailTo, codeIn, PASSWORD } from './support/accounts.mjs';

const skip = missingPrerequisite();
const SHOTS = '/tmp/shots-accounts';

/** RFC 6238: HMAC-SHA1 over the 30-second step count, dynamically truncated to 6 digits. */
function totp(base32Key, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Key.toUpperCase().replace(/[\s=]/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hash = createHmac('sha1', key).update(counter).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  return String((hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function shoot(browser, server, path, name, { signIn } = {}) {
  for (const width of [1280, 320]) {
    const { context, page } = await newPage(browser, server.baseUrl, { viewport: { width, height: 900 } });
    if (signIn) await signInPage(page, signIn, path);
    else await page.goto(path);
    await settled(page);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    await context.close();
  }
}

describe('the account pages', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let browser;
  let admin;
  let provider;

  before(async () => {
    server = await startServer({ env: { RateLimits__Enabled: 'false' } });
    browser = await launchChromium();
    if (process.env.ACCOUNTS_SCREENSHOTS) mkdirSync(SHOTS, { recursive: true });
    admin = await createAdmin(server);
    provider = await invite(server, admin, { email: 'provider@example.org', role: 'provider', organisations: [1] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [lang, failed, heading] of [
    ['en', 'The e-mail address, password or code is not right', 'Your account'],
    ['cy', "Nid yw'r cyfeiriad e-bost, y cyfrinair neu'r cod yn gywir", 'Eich cyfrif'],
  ]) {
    it(`signs in after a wrong password, and sends a signed-in visitor on (${lang})`, async () => {
      const { context, page } = await newPage(browser, server.baseUrl);
      const suffix = lang === 'cy' ? '&lang=cy' : '';
      await page.goto(`/account/signin?next=%2Faccount${suffix}`);
      await settled(page);
      assert.deepEqual(await seriousViolations(page), []);
      await page.getByLabel(lang === 'cy' ? 'Cyfeiriad e-bost' : 'E-mail address').fill(provider.email);
      await page.getByLabel(lang === 'cy' ? 'Cyfrinair' : 'Password', { exact: true }).fill('not the password at all');
      await page.locator('.account-form button[type="submit"]').click();
      await page.locator('.error-summary').waitFor();
      assert.match(await page.locator('.error-summary').textContent(), new RegExp(failed));
      assert.deepEqual(await seriousViolations(page), []);

      await page.getByLabel(lang === 'cy' ? 'Cyfrinair' : 'Password', { exact: true }).fill(PASSWORD);
      await page.locator('.account-form button[type="submit"]').click();
      await page.waitForURL(new RegExp(`/account${lang === 'cy' ? '\\?lang=cy' : ''}$`));
      await settled(page);
      assert.equal((await page.textContent('#workspace-view h1')).trim(), heading);

      await page.goto(`/account/signin?next=%2Faccount${suffix}`);
      await page.waitForURL(new RegExp(`/account${lang === 'cy' ? '\\?lang=cy' : ''}$`));
      await page.goto(`/account/signin?next=%2F%2Fevil.example${suffix}`);
      await page.waitForURL(/\/manage\/listings/);
      await context.close();
    });
  }

  it('turns on two-factor sign-in from the account page, then signs in again with a code', async () => {
    const person = await invite(server, admin, { email: 'twofactor@example.org', role: 'analyst' });
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, person, '/account');
    await settled(page);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const key = (await page.locator('[data-key]').textContent()).replace(/\s/g, '');
    assert.match(await page.textContent('section[aria-labelledby="account-2fa"]'), /otpauth:\/\/totp\//);
    assert.equal(await page.locator('section[aria-labelledby="account-2fa"] svg[role="img"]').count(), 1);
    if (process.env.ACCOUNTS_SCREENSHOTS) await page.screenshot({ path: `${SHOTS}/account-enrol-1280.png`, fullPage: true });
    await page.getByLabel('Code your app shows now').fill(totp(key));
    await page.getByRole('button', { name: 'Turn on', exact: true }).click();
    await page.getByText('Save these recovery codes now').waitFor();
    assert.equal(await page.locator('.account-codes li').count(), 10);
    assert.match(await page.textContent('section[aria-labelledby="account-2fa"] [role="status"]'), /Two-factor sign-in is now on/);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/account\/signin$/);
    await settled(page);
    await page.getByLabel('E-mail address').fill(person.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.locator('.account-form button[type="submit"]').click();
    await page.getByLabel('Code from your authenticator app').waitFor();
    assert.match(await page.textContent('.account-form [role="status"]'), /Now enter the 6-digit code/);
    await page.getByLabel('Code from your authenticator app').fill(totp(key));
    await page.locator('.account-form button[type="submit"]').click();
    await page.waitForURL(/\/analysis$/);
    await context.close();
  });

  it('accepts an invitation from the mailed link and lands signed in', async () => {
    await admin.fetch('POST', '/api/admin/invitations', { email: 'invited@example.org', role: 'provider', organisations: [1], language: 'en' });
    const code = codeIn(latestMailTo(server.mailFolder, 'invited@example.org'));
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto(`/account/invitation#code=${code}`);
    await settled(page);
    assert.equal(await page.evaluate(() => location.hash), '', 'the code is taken out of the address bar');
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Your name').fill('Nia Jones');
    await page.getByLabel('New password', { exact: true }).fill('Password1234!');
    await page.getByLabel('New password again').fill('Password1234?');
    await page.getByRole('button', { name: 'Create my account' }).click();
    assert.match(await page.locator('.error-summary').textContent(), /The two new passwords are not the same/);
    await page.getByLabel('New password again').fill('Password1234!');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.locator('[data-field="password"] .field-error:not([hidden])').waitFor();
    assert.match(await page.locator('[data-field="password"] .field-error').textContent(), /too easy to guess/);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByLabel('New password', { exact: true }).fill('velvet harbour lantern');
    await page.getByLabel('New password again').fill('velvet harbour lantern');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL(/\/manage\/listings$/);
    await settled(page);
    assert.match(await page.textContent('.workspace-who'), /Nia Jones/);
    await context.close();
  });

  it('resets a forgotten password from the mailed link, in Welsh, and explains a used link', async () => {
    const person = await invite(server, admin, { email: 'forgetful@example.org', role: 'provider', organisations: [1], language: 'cy' });
    const { context, page } = await newPage(browser, server.baseUrl);
    await page.goto('/account/forgot?lang=cy');
    await settled(page);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Cyfeiriad e-bost').fill(person.email);
    await page.getByRole('button', { name: 'Anfon y ddolen' }).click();
    await page.getByText('mae dolen i ailosod ei gyfrinair ar ei ffordd').waitFor();
    const code = codeIn(latestMailTo(server.mailFolder, person.email));

    await page.goto(`/account/reset?lang=cy#code=${code}`);
    await settled(page);
    assert.equal(await page.evaluate(() => location.hash), '');
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Cyfrinair newydd', { exact: true }).fill('amber meadow kettle drum');
    await page.getByLabel('Y cyfrinair newydd eto').fill('amber meadow kettle drum');
    await page.getByRole('button', { name: 'Gosod y cyfrinair newydd' }).click();
    await page.getByText('Mae gennych gyfrinair newydd nawr').waitFor();
    await page.getByRole('link', { name: 'Mewngofnodi gyda\'ch cyfrinair newydd' }).click();
    await page.waitForURL(/\/account\/signin\?reset=1&lang=cy$/);
    await settled(page);
    await page.getByLabel('Cyfeiriad e-bost').fill(person.email);
    await page.getByLabel('Cyfrinair', { exact: true }).fill('amber meadow kettle drum');
    await page.locator('.account-form button[type="submit"]').click();
    await page.waitForURL(/\/manage\/listings\?lang=cy$/);

    await page.goto(`/account/reset?lang=cy#code=${code}`);
    await settled(page);
    await page.getByLabel('Cyfrinair newydd', { exact: true }).fill('another fresh passphrase');
    await page.getByLabel('Y cyfrinair newydd eto').fill('another fresh passphrase');
    await page.getByRole('button', { name: 'Gosod y cyfrinair newydd' }).click();
    await page.getByText('mae wedi\'i defnyddio eisoes, neu mae wedi dod i ben').waitFor();
    await context.close();
  });

  it('makes a personal token that works as a bearer until it is revoked', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, provider, '/account');
    await settled(page);
    await page.getByLabel('Token name').fill('Power BI report');
    await page.getByLabel('What it may do').selectOption('read');
    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('#new-token').textContent()).trim();
    assert.match(secret, /^bp_/);
    await page.locator('#token-table').getByText('Power BI report').waitFor();
    assert.match(await page.textContent('#token-table tbody tr'), /Read only/);
    assert.deepEqual(await seriousViolations(page), []);

    const asToken = () => fetch(`${server.baseUrl}/api/account/me`, { headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' } });
    const before = await asToken();
    assert.equal(before.status, 200);
    assert.equal((await before.json()).email, provider.email);

    await page.getByRole('button', { name: 'Revoke Power BI report' }).click();
    await page.getByRole('button', { name: 'Yes, revoke it' }).click();
    await page.getByText('The token "Power BI report" is revoked.').waitFor();
    // The list is read again after the revocation: its last row goes with it.
    await page.locator('#token-table').waitFor({ state: 'detached' });
    assert.equal((await asToken()).status, 401);
    await context.close();
  });

  it('lets an administrator invite a provider from the people page', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, { email: 'admin@example.org' }, '/manage/people');
    await settled(page);
    assert.deepEqual(await seriousViolations(page), []);
    assert.match(await page.textContent('#people'), /provider@example\.org/);
    const inviteForm = page.locator('section[aria-labelledby="people-invite"]');
    await inviteForm.getByLabel('E-mail address').fill('newprovider@example.org');
    await inviteForm.getByLabel('Role').selectOption('provider');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await inviteForm.locator('fieldset[data-field="organisations"] .field-error:not([hidden])').waitFor();
    assert.match(await inviteForm.locator('.error-summary').textContent(), /at least one organisation/);
    await inviteForm.locator('fieldset[data-field="organisations"] input[type="checkbox"]').first().check();
    await page.getByLabel('Language of the invitation').selectOption('cy');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByText('The invitation is on its way to newprovider@example.org.').waitFor();
    assert.match(await page.textContent('#pending-invitations'), /newprovider@example\.org/);
    assert.match(latestMailTo(server.mailFolder, 'newprovider@example.org'), /Rydych wedi cael gwahoddiad/);
    const pending = await admin.fetch('GET', '/api/admin/invitations');
    assert.equal(pending.find((i) => i.email === 'newprovider@example.org').role, 'provider');

    const person = page.locator('#people > li', { hasText: 'forgetful@example.org' });
    await person.locator('summary').click();
    await person.getByLabel('Role').selectOption('analyst');
    await person.locator('input[type="checkbox"]:checked').uncheck();
    await person.getByRole('button', { name: 'Save changes for forgetful@example.org' }).click();
    await page.getByText('The changes for forgetful@example.org are saved.').waitFor();
    const saved = (await admin.fetch('GET', '/api/admin/people')).find((p) => p.email === 'forgetful@example.org');
    assert.deepEqual([saved.role, saved.organisations], ['analyst', []]);
    assert.match(await page.locator('#people > li', { hasText: 'forgetful@example.org' }).textContent(), /Analyst/);

    await page.goto('/manage/people?lang=cy');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Pobl');
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });

  // Screenshots to look at (not assertions): ACCOUNTS_SCREENSHOTS=1 node --test tests/browser-accounts.test.mjs
  it('takes screenshots of every account page at 1280 and 320 pixels', { skip: !process.env.ACCOUNTS_SCREENSHOTS }, async () => {
    await shoot(browser, server, '/account/signin', 'signin');
    await shoot(browser, server, '/account/forgot?lang=cy', 'forgot-cy');
    await shoot(browser, server, '/account/reset#code=abc', 'reset');
    await shoot(browser, server, '/account/invitation#code=abc', 'invitation');
    await shoot(browser, server, '/account', 'account', { signIn: provider });
    await shoot(browser, server, '/manage/people', 'people', { signIn: { email: 'admin@example.org' } });
  });
});
