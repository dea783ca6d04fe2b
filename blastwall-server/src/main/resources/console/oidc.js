// OIDC sign-in as a public client: authorization code with PKCE (S256), state and nonce. The server tells where
// (GET /api/v1/auth/config: issuer, client id, scope, authorization and token endpoints from the issuer's
// discovery); the console redirects there, comes back to /console/?code=…&state=…, checks the state, exchanges the
// code and its verifier at the token endpoint, checks the ID token's nonce, and then uses the ID token as the bearer,
// exactly like a pasted token (the server verifies signature, issuer, audience and expiry). The flow's secrets
// (verifier, state, nonce) live in sessionStorage for the one round trip and are removed when it returns.

import { api, session } from './api.js';

const FLOW = 'blastwall.oidc';

/** The server's OIDC client settings, or null when only token sign-in is offered (or discovery failed). */
export async function oidcConfig() {
  // a public endpoint: asked without the bearer (and a 503 for failed discovery must not end a session)
  try {
    const res = await fetch('/api/v1/auth/config', { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
    return res.ok ? (await res.json()).oidc : null;
  } catch (e) {
    return null;
  }
}

function b64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random() {
  return b64url(crypto.getRandomValues(new Uint8Array(32)));
}

function redirectUri() {
  return location.origin + '/console/';
}

/** Leaves for the issuer's sign-in page; returnTo is the console page to come back to. */
export async function startSignIn(config, returnTo) {
  const verifier = random(), state = random(), nonce = random();
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(FLOW, JSON.stringify({ verifier, state, nonce, returnTo, tokenEndpoint: config.tokenEndpoint,
    clientId: config.clientId }));
  const q = new URLSearchParams({ response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(),
    scope: config.scope, state, nonce, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(config.authorizationEndpoint + (config.authorizationEndpoint.includes('?') ? '&' : '?') + q);
}

/**
 * When this page load is the issuer's redirect back: completes the sign-in and returns
 * { ok: true, returnTo } or { ok: false, message }. Otherwise null. Removes code and state from the address bar.
 */
export async function completeSignIn() {
  const q = new URLSearchParams(location.search);
  if (!q.has('state') || !(q.has('code') || q.has('error'))) return null;
  const flow = JSON.parse(sessionStorage.getItem(FLOW) || 'null');
  sessionStorage.removeItem(FLOW);
  history.replaceState(null, '', '/console/' + (flow && flow.returnTo ? flow.returnTo : '#/signin'));
  const fail = message => ({ ok: false, message: 'OIDC sign-in failed: ' + message });
  if (!flow || q.get('state') !== flow.state) return fail('the answer does not belong to a sign-in started in this tab (state mismatch)');
  if (q.has('error')) return fail('the issuer answered ' + q.get('error') + (q.get('error_description') ? ': ' + q.get('error_description') : ''));
  let tokens;
  try {
    const res = await fetch(flow.tokenEndpoint, {
      method: 'POST', credentials: 'omit', cache: 'no-store',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: q.get('code'), redirect_uri: redirectUri(),
        client_id: flow.clientId, code_verifier: flow.verifier }),
    });
    tokens = await res.json();
    if (!res.ok) return fail('the token endpoint answered HTTP ' + res.status + (tokens.error ? ' (' + tokens.error + ')' : ''));
  } catch (e) {
    return fail('the token endpoint cannot be reached: ' + e.message);
  }
  if (!tokens.id_token) return fail('the token endpoint sent no ID token');
  let claims;
  try {
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(
      atob(tokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0))));
  } catch (e) {
    return fail('the ID token cannot be read');
  }
  if (claims.nonce !== flow.nonce) return fail('the ID token was not issued for this sign-in (nonce mismatch)');
  try {
    await api('/me', { token: tokens.id_token });
  } catch (e) {
    return fail('this server does not accept the ID token: ' + e.message);
  }
  session.set(tokens.id_token);
  return { ok: true, returnTo: flow.returnTo };
}
