// The console's shell: sign-in state, the hash router (#/…), the header, and the live feed. Each view is a module
// exporting render(main, params) that builds its DOM from API data and returns an optional cleanup function.

import { api, session, ApiError } from './api.js';
import { h, notice } from './dom.js';
import { startFeed, stopFeed } from './events.js';
import * as signin from './views/signin.js';
import { completeSignIn } from './oidc.js';
import * as inbox from './views/inbox.js';
import * as change from './views/change.js';
import * as estate from './views/estate.js';
import * as ledger from './views/ledger.js';
import * as rollouts from './views/rollouts.js';

const main = document.getElementById('main');
let cleanup = null;
let me = null;
let pendingMessage = null;

const routes = [
  [/^signin$/, () => signin],
  [/^$/, () => inbox],
  [/^changes\/([^/]+)$/, () => change],
  [/^estate$/, () => estate],
  [/^estate\/([^/]+)$/, () => estate],
  [/^ledger$/, () => ledger],
  [/^ledger\/attribution\/([^/]+)$/, () => ledger],
  [/^rollouts$/, () => rollouts],
  [/^rollouts\/([^/]+)$/, () => rollouts],
];

/** The signed-in principal ({id, kind, roles, onBehalfOf}), or null. */
export function principal() {
  return me;
}

export function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

async function ensureSignedIn() {
  if (me) return true;
  if (!session.token()) return false;
  try {
    me = await api('/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return false;
    throw e;
  }
  const who = document.getElementById('who');
  who.textContent = me.id + (me.roles.length ? ' (' + me.roles.join(', ') + ')' : '');
  document.getElementById('nav').hidden = false;
  document.getElementById('signout').hidden = false;
  startFeed(document.getElementById('live'));
  // the rollout API is an extension a server may run without: show its page only when it answers
  api('/rollouts').then(() => { document.getElementById('nav-rollouts').hidden = false; }).catch(() => {});
  return true;
}

function signedOut(message) {
  me = null;
  stopFeed();
  document.getElementById('who').textContent = '';
  document.getElementById('nav').hidden = true;
  document.getElementById('signout').hidden = true;
  pendingMessage = message || null;
}

async function route() {
  const path = decodeURIComponent(location.hash.replace(/^#\/?/, '')).split('?')[0];
  if (cleanup) { try { cleanup(); } catch (e) { /* a view's cleanup must not block navigation */ } }
  cleanup = null;
  main.replaceChildren();
  let view = null;
  let params = [];
  for (const [re, mod] of routes) {
    const m = path.match(re);
    if (m) { view = mod(); params = m.slice(1); break; }
  }
  try {
    if (view !== signin && !(await ensureSignedIn())) {
      const from = location.hash && location.hash !== '#/signin' ? location.hash : '#/';
      sessionStorage.setItem('blastwall.returnTo', from);
      location.hash = '#/signin';
      return;
    }
    if (!view) {
      main.append(h('h1', null, 'Not found'), notice('warn', 'There is no console page ' + path + '. ', h('a', { href: '#/' }, 'Go to the inbox')));
      return;
    }
    const message = pendingMessage;
    pendingMessage = null;
    cleanup = await view.render(main, params, { message, onSignedIn: signedIn, me, go }) || null;
  } catch (e) {
    main.append(h('h1', null, 'Something went wrong'), notice('error', e.message || String(e)));
  }
  const heading = main.querySelector('h1');
  if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: true }); }
}

async function signedIn(principalInfo) {
  me = null;
  await ensureSignedIn();
  const back = sessionStorage.getItem('blastwall.returnTo') || '#/';
  sessionStorage.removeItem('blastwall.returnTo');
  go(back);
}

window.addEventListener('blastwall:signed-out', ev => {
  if (!me) return;
  signedOut('Your session has ended (' + (ev.detail || 'the token is no longer accepted') + '). Sign in again to continue.');
  sessionStorage.setItem('blastwall.returnTo', location.hash || '#/');
  go('#/signin');
});

document.getElementById('signout').addEventListener('click', () => {
  session.clear();
  signedOut('You signed out.');
  go('#/signin');
});

window.addEventListener('hashchange', route);
// this load may be the OIDC issuer sending the reader back: finish signing in before the first page is drawn
completeSignIn().catch(e => ({ ok: false, message: 'OIDC sign-in failed: ' + e.message })).then(done => {
  if (done && !done.ok) {
    history.replaceState(null, '', '/console/#/signin');
    pendingMessage = done.message;
  }
  route();
});
