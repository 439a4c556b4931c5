// A read the server is briefly too busy for is asked again after the wait it names; writes never are.

import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { ATTEMPTS, fetchPatiently, retryDelay } from '../src/retry.js';

const realFetch = globalThis.fetch;

/** Answers the given responses in turn and records what was asked. */
function serve(...answers) {
  const asked = [];
  globalThis.fetch = async (url, init = {}) => {
    asked.push({ url, method: init.method ?? 'GET' });
    const [status, retryAfter] = answers[Math.min(asked.length - 1, answers.length - 1)];
    return new Response(status === 200 ? '{"value":[]}' : '{"error":{"code":"TooManyRequests"}}', {
      status, headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
    });
  };
  return asked;
}

describe('asking again when the server is busy', () => {
  afterEach(() => { globalThis.fetch = realFetch; });

  it('a read refused as busy is asked again and its answer is the one that came through', async () => {
    const asked = serve([429, '0'], [503, '0'], [200]);
    const response = await fetchPatiently('/odata/Areas');
    assert.equal(response.status, 200);
    assert.equal(asked.length, 3);
  });

  it('a write is sent once, whatever the answer', async () => {
    const asked = serve([429, '0'], [200]);
    const response = await fetchPatiently('/api/problems', { method: 'POST', body: '{}' });
    assert.equal(response.status, 429);
    assert.equal(asked.length, 1);
  });

  it('gives up after a few attempts and hands back the last busy answer', async () => {
    const asked = serve([429, '0']);
    const response = await fetchPatiently('/odata/VocabularyTerms');
    assert.equal(response.status, 429);
    assert.equal(asked.length, ATTEMPTS);
  });

  it('does not wait when the server asks for long, names no wait, or gives a date', async () => {
    for (const retryAfter of ['60', undefined, 'Wed, 21 Oct 2026 07:28:00 GMT']) {
      const asked = serve([429, retryAfter], [200]);
      assert.equal((await fetchPatiently('/odata/Interventions')).status, 429, String(retryAfter));
      assert.equal(asked.length, 1);
    }
  });

  it('other failures are not repeated', async () => {
    for (const status of [400, 404, 500]) {
      const asked = serve([status, '0'], [200]);
      assert.equal((await fetchPatiently('/odata/Interventions')).status, status);
      assert.equal(asked.length, 1);
    }
  });

  it('a prefetched answer counts as the first attempt', async () => {
    const asked = serve([200]);
    const first = Promise.resolve(new Response('', { status: 429, headers: { 'Retry-After': '0' } }));
    assert.equal((await fetchPatiently('/api/geo/markers', {}, { first })).status, 200);
    assert.equal(asked.length, 1);
  });

  it('leaving the page (abort) during the wait stops asking', async () => {
    const asked = serve([429, '1'], [200]);
    const controller = new AbortController();
    const pending = fetchPatiently('/odata/Interventions', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, { name: 'AbortError' });
    assert.equal(asked.length, 1);
  });

  it('waits what the server names, a quarter of a second at least', () => {
    const busy = (retryAfter) => new Response('', { status: 429, headers: { 'Retry-After': retryAfter } });
    assert.equal(retryDelay(busy('2')), 2000);
    assert.equal(retryDelay(busy('0')), 250);
    assert.equal(retryDelay(busy('11')), null);
    assert.equal(retryDelay(new Response('', { status: 200 })), null);
  });
});
