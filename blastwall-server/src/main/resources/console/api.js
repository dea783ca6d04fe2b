// The console's only way to the server: the public /api/v1 with the bearer token kept in sessionStorage (per tab,
// gone when the tab closes). A 401 anywhere ends the session and sends the user back to sign-in.

const KEY = 'blastwall.token';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  set: t => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

/** A failed request: status and the RFC 9457 problem (title, detail, rule …) when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : 'HTTP ' + status);
    this.status = status;
    this.problem = problem || {};
  }
}

export async function api(path, { method = 'GET', body, token, text = false } = {}) {
  const headers = { Accept: text ? 'text/plain' : 'application/json' };
  const t = token || session.token();
  if (t) headers.Authorization = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method, headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: 'The server cannot be reached', detail: 'the server cannot be reached: ' + e.message });
  }
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (res.status === 401 && !token) {
    session.clear();
    window.dispatchEvent(new CustomEvent('blastwall:signed-out', { detail: data && data.detail }));
  }
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { detail: String(data) });
  return data;
}

/** Encodes a path segment. */
export const seg = s => encodeURIComponent(String(s));
