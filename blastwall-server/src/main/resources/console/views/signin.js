// Sign in with an API token: it is checked against GET /api/v1/me before it is kept (in sessionStorage, this tab
// only). When the server has an OIDC client configured, "Sign in with OIDC" goes to the issuer (oidc.js).

import { api, session, ApiError } from '../api.js';
import { h, notice } from '../dom.js';
import { oidcConfig, startSignIn } from '../oidc.js';

export function render(main, params, ctx) {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help' });
  const status = h('div', { id: 'signin-status' });
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', null, 'Sign in'),
    ctx.message ? notice('warn', ctx.message) : null,
    h('label', { for: 'token' }, 'API token'),
    input,
    h('p', { id: 'token-help', class: 'help' },
      'A token from ', h('code', null, 'blastwall token create'), ' (or a JWT from the configured OIDC issuer). ',
      'It is kept in this browser tab only and sent to this server only.'),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    status);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const token = input.value.trim();
    status.replaceChildren();
    if (!token) {
      status.append(notice('error', 'Enter a token.'));
      input.focus();
      return;
    }
    try {
      const me = await api('/me', { token });
      session.set(token);
      await ctx.onSignedIn(me);
    } catch (e) {
      const msg = e instanceof ApiError && e.status === 401
        ? 'This token is not accepted: ' + e.message : e.message;
      status.append(notice('error', msg));
      input.focus();
    }
  });
  main.append(form);
  oidcConfig().then(config => {
    if (!config || !form.isConnected) return;
    const button = h('button', { type: 'button', class: 'primary', id: 'oidc-signin' }, 'Sign in with OIDC');
    button.addEventListener('click', () => startSignIn(config, sessionStorage.getItem('blastwall.returnTo') || '#/')
      .catch(e => status.replaceChildren(notice('error', 'OIDC sign-in cannot start: ', e.message))));
    form.insertBefore(h('div', { class: 'oidc' }, button, h('p', { class: 'help' }, 'At ', h('code', null, config.issuer),
      ', then back here. Or sign in with a token:')), form.querySelector('label'));
  });
}
