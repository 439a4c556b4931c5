// The signed-in workspace: account pages (/account/…), providers' listings and the admins' queues
// (/manage/…) and the analysts' dashboard (/analysis). main.js imports this module only when one of these
// paths is opened, so the public map never loads it; each page is a module of its own, loaded when opened.
//
// A page module exports `render(container, ctx)` and resolves to the page's title. ctx is
// { me, match, query, navigate, signal }: the signed-in person (null on public pages), the route's match,
// the URL's query, navigate(url, { replace }) to go elsewhere in the app, and an AbortSignal for the page.

import '../styles/workspace.css';
import { h } from '../dom.js';
import { t, addStrings } from '../i18n.js';
import { me as whoIsSignedIn, forget, send } from './session.js';
import en from './i18n/en.json';
import cy from './i18n/cy.json';

addStrings({ en, cy });

const PROVIDER = 'provider';
const ANALYST = 'analyst';
const ADMIN = 'admin';
const EVERYONE = [PROVIDER, ANALYST, ADMIN];

/** Anyone may open a public page; the others need one of the roles named (admins may open every page). */
const ROUTES = [
  { path: /^\/account\/signin\/?$/, public: true, page: () => import('./pages/signin.js') },
  { path: /^\/account\/forgot\/?$/, public: true, page: () => import('./pages/forgot.js') },
  { path: /^\/account\/reset\/?$/, public: true, page: () => import('./pages/reset.js') },
  { path: /^\/account\/invitation\/?$/, public: true, page: () => import('./pages/invitation.js') },
  { path: /^\/account\/?$/, roles: EVERYONE, page: () => import('./pages/account.js') },
  { path: /^\/manage\/?$/, roles: EVERYONE, page: () => Promise.resolve({ render: home }) },
  { path: /^\/manage\/listings\/?$/, roles: [PROVIDER], page: () => import('./pages/listings.js') },
  { path: /^\/manage\/listings\/(new|\d+)\/?$/, roles: [PROVIDER], page: () => import('./pages/editor.js') },
  { path: /^\/manage\/upload\/?$/, roles: [PROVIDER], page: () => import('./pages/upload.js') },
  { path: /^\/manage\/problems\/?$/, roles: [PROVIDER], page: () => import('./pages/problems.js') },
  { path: /^\/manage\/moderation\/?$/, roles: [], page: () => import('./pages/moderation.js') },
  { path: /^\/manage\/people\/?$/, roles: [], page: () => import('./pages/people.js') },
  { path: /^\/analysis\/?$/, roles: [ANALYST], page: () => import('./pages/analysis.js') },
  { path: /^\/analysis\/imports(?:\/(\d+))?\/?$/, roles: [ANALYST], page: () => import('./pages/imports.js') },
];

/** The workspace's own links, for the roles that may follow them. */
const NAV = [
  { href: '/manage/listings', key: 'workspace.nav.listings', roles: [PROVIDER, ADMIN] },
  { href: '/manage/upload', key: 'workspace.nav.upload', roles: [PROVIDER, ADMIN] },
  { href: '/manage/problems', key: 'workspace.nav.problems', roles: [PROVIDER, ADMIN] },
  { href: '/manage/moderation', key: 'workspace.nav.moderation', roles: [ADMIN] },
  { href: '/manage/people', key: 'workspace.nav.people', roles: [ADMIN] },
  { href: '/analysis', key: 'workspace.nav.analysis', roles: [ANALYST, ADMIN] },
  { href: '/analysis/imports', key: 'workspace.nav.imports', roles: [ANALYST, ADMIN] },
  { href: '/account', key: 'workspace.nav.account', roles: EVERYONE },
];

export const isWorkspacePath = (path) => /^\/(account|manage|analysis)(\/|$)/.test(path);

const allowed = (route, person) => route.public || (person && (person.role === ADMIN || route.roles.includes(person.role)));

/** The first page a person lands on after signing in. */
export function homeOf(person) {
  if (!person) return '/account/signin';
  if (person.mustEnrolTwoFactor) return '/account';
  return person.role === ANALYST ? '/analysis' : '/manage/listings';
}

function home(container, { me, navigate }) {
  navigate(homeOf(me), { replace: true });
  return t('workspace.title');
}

function nav(person, path, navigate) {
  if (!person) return null;
  // The current link is the longest one the path starts with (/analysis/imports is not /analysis).
  const current = NAV.filter((item) => path === item.href || path.startsWith(`${item.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
  const links = NAV.filter((item) => item.roles.includes(person.role)).map((item) =>
    h('li', {}, h('a', { href: item.href, 'data-link': true, 'aria-current': item === current ? 'page' : null }, t(item.key))));
  const signOut = h('button', { type: 'button', class: 'button-secondary' }, t('workspace.signOut'));
  signOut.addEventListener('click', async () => {
    await send('POST', '/api/account/signout');
    forget();
    navigate('/account/signin', { replace: false });
  });
  return h('nav', { class: 'workspace-nav', 'aria-label': t('workspace.navLabel') },
    h('p', { class: 'workspace-who' }, t('workspace.signedInAs', { name: person.name || person.email })),
    h('ul', {}, links),
    signOut);
}

let controller = null;

/**
 * Shows the workspace page for this URL in container. navigate(url, { replace }) is main.js's way of going
 * to another URL of the app. Resolves to the page title.
 */
export async function renderWorkspace(container, { path, query, navigate }) {
  controller?.abort();
  controller = new AbortController();
  const route = ROUTES.find((r) => r.path.test(path));
  const person = await whoIsSignedIn();
  if (!route) {
    container.replaceChildren(nav(person, path, navigate) ?? '', h('h1', { tabindex: '-1' }, t('workspace.notFound')));
    return t('workspace.notFound');
  }
  if (!route.public && !person) {
    navigate(`/account/signin?next=${encodeURIComponent(path + (query.toString() ? `?${query}` : ''))}`, { replace: true });
    return t('workspace.title');
  }
  if (!allowed(route, person)) {
    container.replaceChildren(nav(person, path, navigate), h('h1', { tabindex: '-1' }, t('workspace.forbidden')),
      h('p', {}, t('workspace.forbiddenText')));
    return t('workspace.forbidden');
  }
  if (person?.mustEnrolTwoFactor && path !== '/account' && !route.public) {
    navigate('/account', { replace: true });
    return t('workspace.title');
  }
  const page = await route.page();
  const body = h('div', { class: 'workspace-page' });
  container.replaceChildren(...[route.public ? null : nav(person, path, navigate), body].filter(Boolean));
  return page.render(body, { me: person, match: route.path.exec(path), query, navigate, signal: controller.signal });
}
