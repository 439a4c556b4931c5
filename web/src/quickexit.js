// "Leave this site": a button at the top of every page and the Escape key.
// It clears what the page shows and what it stored for the session, then replaces the
// current history entry with a neutral site.

export const DEFAULT_EXIT_URL = 'https://www.bbc.co.uk/weather';

let exitUrl = DEFAULT_EXIT_URL;

export function setExitUrl(url) {
  if (typeof url === 'string' && /^https?:\/\//.test(url)) exitUrl = url;
}

export function quickExit() {
  try {
    sessionStorage.clear();
  } catch {
    // nothing stored
  }
  document.title = '';
  document.body.replaceChildren();
  history.replaceState(null, '', '/');
  window.location.replace(exitUrl);
}

export function installQuickExit(button) {
  button.addEventListener('click', (event) => {
    event.preventDefault();
    quickExit();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) quickExit();
  }, { capture: true });
}
