// The ledger: its verification status (the hash chain checked by the server), the latest entries page by page,
// live additions, and the attribution report of any change.

import { api, seg, session, ApiError } from '../api.js';
import { h, link, notice, shortHash, table, time } from '../dom.js';
import { onEvent } from '../events.js';

const PAGE = 50;

export async function render(main, [changeId]) {
  if (changeId) return attribution(main, changeId);
  const status = h('div');
  const entries = h('div');
  const form = h('form', { class: 'filters', 'aria-label': 'Attribution report' },
    h('label', { for: 'attr-id' }, 'Attribution report of change '), h('input', { id: 'attr-id', size: 24, required: true }), ' ',
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const v = form.querySelector('input').value.trim();
    if (v) location.hash = '#/ledger/attribution/' + encodeURIComponent(v);
  });
  main.append(h('h1', null, 'Ledger'), status, form, entries);
  let from = null;
  const load = async start => {
    const v = await api('/ledger/verify');
    status.replaceChildren(v.intact
      ? notice('info', '✓ Verified: the hash chain of all ', String(v.entries), ' entries is intact (head ', h('code', { title: v.headHash }, shortHash(v.headHash)), ').')
      : notice('error', '✗ The ledger is broken at entry ', String(v.brokenAt), ': ', v.reason));
    const total = v.intact ? v.entries : v.brokenAt;
    from = start ?? Math.max(1, total - PAGE + 1);
    const page = await api('/ledger?from=' + from + '&limit=' + PAGE);
    const nav = h('div', { class: 'buttons' },
      h('button', { type: 'button', disabled: from <= 1, onclick: () => load(Math.max(1, from - PAGE)) }, 'Older'), ' ',
      h('button', { type: 'button', disabled: page.next === null, onclick: () => load(page.next) }, 'Newer'), ' ',
      h('a', { href: '/api/v1/ledger/export', download: 'blastwall-ledger.jsonl', onclick: exportLedger }, 'Export (JSON lines)'));
    entries.replaceChildren(nav, table('Entries ' + from + '–' + (from + page.count - 1), ['#', 'Time', 'Actor', 'Action', 'Change', 'Hash'],
      page.entries.slice().reverse().map(e => [String(e.sequence), time(e.time), e.actor, e.action,
        e.changeId ? [link(e.changeId, 'changes', e.changeId), ' · ', link('attribution', 'ledger', 'attribution', e.changeId)] : '',
        h('code', { title: e.hash }, shortHash(e.hash))])));
  };
  try {
    await load(null);
  } catch (e) {
    entries.append(notice('error', e.message));
  }
  let pending = null;
  return onEvent(() => {
    clearTimeout(pending);
    // follow the head only when looking at it
    pending = setTimeout(() => { if (from !== null) load(null).catch(() => {}); }, 500);
  });
}

// the export needs the bearer token, so it is fetched and saved rather than followed as a plain link
async function exportLedger(ev) {
  ev.preventDefault();
  const res = await fetch('/api/v1/ledger/export', { headers: { Authorization: 'Bearer ' + session.token() }, cache: 'no-store' });
  if (!res.ok) return;
  const blob = await res.blob();
  const a = h('a', { href: URL.createObjectURL(blob), download: 'blastwall-ledger.jsonl' });
  a.click();
  URL.revokeObjectURL(a.href);
}

async function attribution(main, id) {
  main.append(h('h1', null, 'Attribution of ', id));
  try {
    const text = await api('/changes/' + seg(id) + '/attribution?format=text', { text: true });
    main.append(h('p', null, link('Open the change', 'changes', id), ' · ', h('a', { href: '#/ledger' }, 'Back to the ledger')),
      h('pre', { class: 'report', tabindex: '0', 'aria-label': 'Attribution report' }, text));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      main.append(notice('warn', 'There is no change ', h('code', null, id), ' on this server. ', h('a', { href: '#/ledger' }, 'Back to the ledger')));
      return;
    }
    throw e;
  }
}
