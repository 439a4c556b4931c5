// A server that is busy (its query slots full, a budget spent) answers 429 or 503 with Retry-After in
// seconds. A page that reads must not stop there: a read is asked again after the wait the server names,
// a few times at most, and only when that wait is short. Writes are never repeated.

const BUSY = new Set([429, 503]);
export const ATTEMPTS = 4;
export const LONGEST_WAIT_SECONDS = 10;

/** The wait a busy answer asks for, in milliseconds, or null when it is not one to wait for. */
export function retryDelay(response) {
  if (!response || !BUSY.has(response.status)) return null;
  const header = response.headers.get('Retry-After');
  if (header === null || !/^\s*\d+\s*$/.test(header)) return null;
  const seconds = Number(header);
  return seconds <= LONGEST_WAIT_SECONDS ? Math.max(seconds, 0.25) * 1000 : null;
}

function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    if (signal?.aborted) {
      abort();
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      abort();
    }, { once: true });
  });
}

/**
 * fetch(url, init) for a GET or HEAD, asked again while the server says it is busy for a short while.
 * first: a request already under way for the same URL (a prefetch), used as the first attempt.
 */
export async function fetchPatiently(url, init = {}, { first = null } = {}) {
  const method = (init.method ?? 'GET').toUpperCase();
  let response = (first && await first) ?? await fetch(url, init);
  if (method !== 'GET' && method !== 'HEAD') return response;
  for (let attempt = 1; attempt < ATTEMPTS; attempt++) {
    const wait = retryDelay(response);
    if (wait === null) break;
    await pause(wait, init.signal);
    response = await fetch(url, init);
  }
  return response;
}
