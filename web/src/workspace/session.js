// The signed-in person and the API calls made on their behalf: the session cookie travels by itself
// (same origin); every write carries the anti-forgery header the API requires of cookie-authenticated writes.

import { fetchPatiently } from '../retry.js';
import { getLang } from '../i18n.js';

let mePromise = null;
let csrf = null;

/** The signed-in person (GET /api/account/me), or null when nobody is signed in. Asked once per page load. */
export function me() {
  mePromise ??= fetch('/api/account/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);
  return mePromise;
}

/** After signing in or out, or changing what /me says (2FA, name): ask again. */
export function forget() {
  mePromise = null;
  csrf = null;
}

async function antiforgery() {
  if (!csrf) {
    const response = await fetch('/api/account/antiforgery', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    csrf = (await response.json()).token;
  }
  return csrf;
}

async function parse(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return {};
    }
  }
  return {};
}

/**
 * Calls the API as the signed-in person. body: an object (sent as JSON), FormData (sent as is) or undefined.
 * Resolves to { ok, status, body, response } (body: the parsed JSON answer, {} otherwise); never throws for an HTTP status.
 * A read the server is briefly too busy for is asked again (retry.js); a write is sent once. Every call names the page's
 * language (Accept-Language), so that the server's messages about a form's fields come in it.
 */
export async function send(method, url, body, { headers = {}, signal } = {}) {
  const write = method !== 'GET' && method !== 'HEAD';
  const attempt = async () => {
    // The page's language: the server words its validation messages in it.
    const all = { Accept: 'application/json', 'Accept-Language': getLang(), ...headers };
    if (write) all['X-CSRF-TOKEN'] = await antiforgery();
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      all['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetchPatiently(url, { method, headers: all, body: payload, credentials: 'same-origin', signal });
  };
  let response = await attempt();
  let answer = await parse(response);
  if (write && response.status === 400 && answer?.error?.code === 'AntiforgeryTokenMissing') {
    csrf = null; // issued before the sign-in that changed the person: fetch a fresh one, once
    response = await attempt();
    answer = await parse(response);
  }
  return { ok: response.ok, status: response.status, body: answer, response };
}

export const get = (url, options) => send('GET', url, undefined, options);

/** The message of an API error body ({"error":{"code","message","details"}}), or null. */
export function errorMessage(body) {
  return body?.error?.message ?? null;
}
