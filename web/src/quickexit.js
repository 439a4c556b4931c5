// "Leave this site" (the GOV.UK "Exit this page" pattern): a sticky button on every page and three
// presses of Shift (Escape too, but never while typing in a field or with a popup open).
// Leaving empties the page, clears what the product stored, walks back over the page's own history
// entries to the first one and replaces that with a neutral site, so Back does not return here.
//
// Every navigation inside the app goes through pushEntry/replaceEntry, which keep in history.state
// how many of the app's entries lie behind the current one.

export const DEFAULT_EXIT_URL = 'https://www.bbc.co.uk/weather';
const EXITING_KEY = 'blueprint.exiting';
const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000;
const LEAVE_FALLBACK_MS = 1000;

let exitUrl = DEFAULT_EXIT_URL;
let exitLink = null;
let depth = 0;
let exiting = false;

/** The destination from /api/config (Map:ExitUrl); the link's href follows it for "open in new tab". */
export function setExitUrl(url) {
  if (typeof url === 'string' && /^https?:\/\/\S+$/.test(url)) exitUrl = url;
  if (exitLink) exitLink.href = exitUrl;
}

export function isExiting() {
  return exiting;
}

/** How many of the app's history entries lie behind the current one. */
export function historyDepth() {
  return depth;
}

/** Show a URL of the app as a new history entry. */
export function pushEntry(url) {
  depth += 1;
  history.pushState({ ...history.state, blueprintDepth: depth }, '', url);
}

/** Show a URL of the app in place of the current entry (paging, language): Back skips it. */
export function replaceEntry(url) {
  history.replaceState({ ...history.state, blueprintDepth: depth }, '', url);
}

/**
 * Called first on start: finishes an exit that had to leave this document behind (returns true, the
 * page must then do nothing), else records where this document sits in the app's history.
 */
export function resumeExitOrTrackHistory() {
  let pending = null;
  try {
    pending = sessionStorage.getItem(EXITING_KEY);
  } catch {
    // storage unavailable: nothing pending
  }
  if (pending) {
    exiting = true;
    hidePage();
    clearStorage();
    window.location.replace(pending);
    return true;
  }
  depth = Number.isInteger(history.state?.blueprintDepth) ? history.state.blueprintDepth : 0;
  if (history.state?.blueprintDepth !== depth) history.replaceState({ ...history.state, blueprintDepth: depth }, '', location.href);
  window.addEventListener('popstate', (event) => {
    if (Number.isInteger(event.state?.blueprintDepth)) depth = event.state.blueprintDepth;
  }, { capture: true });
  return false;
}

/** Nothing of the directory stays on screen (the app's own code may still be running, so it stays in the DOM). */
function hidePage() {
  document.title = '';
  document.body.hidden = true;
}

function clearStorage() {
  for (const storage of ['localStorage', 'sessionStorage']) {
    try {
      window[storage].clear();
    } catch {
      // storage unavailable: nothing stored
    }
  }
  // Caches the app may have created (Cache API); deleting is asynchronous and best effort.
  if (globalThis.caches?.keys) {
    globalThis.caches.keys().then((keys) => Promise.all(keys.map((k) => globalThis.caches.delete(k)))).catch(() => {});
  }
}

export function quickExit() {
  if (exiting) return;
  exiting = true;
  hidePage();
  clearStorage();
  history.replaceState(null, '', '/');
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    try {
      sessionStorage.removeItem(EXITING_KEY);
    } catch {
      // nothing stored
    }
    window.location.replace(exitUrl);
  };
  if (depth <= 0) {
    leave();
    return;
  }
  // Walk back to the app's first entry, then replace it. If that entry belongs to another document
  // of the app, this document is gone before popstate: the next one finishes the exit on start.
  try {
    sessionStorage.setItem(EXITING_KEY, exitUrl);
  } catch {
    // without storage the fallback below still leaves
  }
  window.addEventListener('popstate', (event) => {
    event.stopImmediatePropagation();
    leave();
  }, { capture: true, once: true });
  setTimeout(leave, LEAVE_FALLBACK_MS);
  history.go(-depth);
}

/** True when Escape may be meant for something else: typing, a select, a popup or the map. */
function escapeIsTaken(event) {
  const target = event.target instanceof Element ? event.target : document.activeElement;
  if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .leaflet-container')) return true;
  return document.querySelector('.leaflet-popup') != null;
}

export function installQuickExit(button) {
  exitLink = button;
  button.href = exitUrl;
  button.addEventListener('click', (event) => {
    event.preventDefault();
    quickExit();
  });
  let presses = 0;
  let firstAt = 0;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Shift') {
      presses = 0;
      if (event.key === 'Escape' && !event.defaultPrevented && !escapeIsTaken(event)) quickExit();
      return;
    }
    if (event.repeat) return;
    const now = Date.now();
    if (presses === 0 || now - firstAt > SHIFT_WINDOW_MS) {
      presses = 0;
      firstAt = now;
    }
    presses += 1;
    if (presses >= SHIFT_PRESSES) quickExit();
  }, { capture: true });
}
