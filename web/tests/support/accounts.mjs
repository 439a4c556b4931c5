// People for the browser tests of the signed-in pages: the first administrator made with the real
// `admin create` command, and providers and analysts invited by that administrator through the API and the
// mailed link, exactly as a real person is. A page signs in through the API within its browser context
// (the session cookie is then the page's own).

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { API_DLL, REPO_ROOT } from './server.mjs';

export const PASSWORD = 'correct horse battery staple';

function run(args, { env, input }) {
  return new Promise((resolve, reject) => {
    const child = spawn('dotnet', [API_DLL, ...args], {
      cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${args.join(' ')} exited ${code}: ${output}`))));
    child.stdin.end(input ?? '');
  });
}

/** A tiny cookie-keeping client for the API, as a person signed in with a browser would be. */
export class ApiSession {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookies = new Map();
    this.csrf = null;
  }

  async fetch(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['X-CSRF-TOKEN'] = this.csrf;
    const response = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return json;
  }

  async signIn(email, password = PASSWORD) {
    const me = await this.fetch('POST', '/api/account/signin', { email, password });
    this.csrf = (await this.fetch('GET', '/api/account/antiforgery')).token;
    return me;
  }
}

/** The newest mail to this address in the pickup folder, decoded (base64 or quoted-printable bodies). */
export function latestMailTo(folder, to) {
  if (!existsSync(folder)) return null;
  const files = readdirSync(folder).filter((f) => f.endsWith('.eml')).map((f) => join(folder, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(`To: ${to}`)) continue;
    const body = text.slice(text.indexOf('\r\n\r\n') + 4).trim();
    if (/Content-Transfer-Encoding: base64/i.test(text)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (/Content-Transfer-Encoding: quoted-printable/i.test(text)) {
      return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (m, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
    }
    return body;
  }
  return null;
}

/** The secret of a mailed or printed link (…#code=CODE). */
export function codeIn(text) {
  const match = /#code=([A-Za-z0-9_-]+)/.exec(text ?? '');
  if (!match) throw new Error(`no link in: ${text}`);
  return match[1];
}

/**
 * The first administrator (made by `admin create`, password given on stdin), signed in as an ApiSession.
 * server: what startServer() returned.
 */
export async function createAdmin(server, email = 'admin@example.org', password = PASSWORD) {
  await run(['admin', 'create', '--email', email, '--name', 'Test Admin', '--password-stdin'], {
    env: { ConnectionStrings__Blueprint: server.connectionString, Mail__PickupFolder: server.mailFolder, DOTNET_NOLOGO: '1' },
    input: `${password}\n`,
  });
  const admin = new ApiSession(server.baseUrl);
  await admin.signIn(email, password);
  return admin;
}

/**
 * A person invited by the admin and accepted through the mailed link, with the shared test password.
 * role: 'provider' | 'analyst' | 'admin'; organisations: ids; language: 'en' | 'cy'.
 */
export async function invite(server, admin, { email, role, organisations = [], name = 'Test Person', language = 'en' }) {
  await admin.fetch('POST', '/api/admin/invitations', { email, role, organisations, language });
  const code = codeIn(latestMailTo(server.mailFolder, email));
  await new ApiSession(server.baseUrl).fetch('POST', '/api/account/invitations/accept', { code, name, password: PASSWORD });
  return { email, password: PASSWORD };
}

/** Signs a Playwright page's browser context in (the cookie is the context's own), then opens path. */
export async function signInPage(page, { email, password = PASSWORD }, path = '/manage') {
  const response = await page.context().request.post('/api/account/signin', { data: { email, password } });
  if (!response.ok()) throw new Error(`sign-in as ${email} answered ${response.status()}: ${await response.text()}`);
  await page.goto(path);
}
