// One server-sent-events connection per page for live updates (no polling). EventSource cannot send headers, so the
// token buys a single-use ticket (POST /api/v1/events/tickets) that opens the stream; when the stream ends (its
// lifetime, a server restart, a network failure) a new ticket is bought and the stream resumes after the last
// sequence seen, so nothing is missed. Retries back off up to a minute.

import { api, session } from './api.js';

const listeners = new Set();
let source = null;
let last = null;
let retry = 1000;
let timer = null;
let statusEl = null;

function setStatus(text, live) {
  if (!statusEl) return;
  statusEl.textContent = text;
  statusEl.classList.toggle('live', live);
}

async function open() {
  timer = null;
  if (source || !session.token()) return;
  try {
    const t = await api('/events/tickets', { method: 'POST' });
    const url = t.stream + (last !== null ? '&after=' + encodeURIComponent(last) : '');
    source = new EventSource(url);
  } catch (e) {
    setStatus('Live updates: offline', false);
    schedule();
    return;
  }
  source.addEventListener('open', () => { retry = 1000; setStatus('Live', true); });
  source.addEventListener('ledger', ev => {
    const data = JSON.parse(ev.data);
    last = data.sequence;
    for (const l of listeners) l(data);
  });
  source.addEventListener('end', ev => { last = JSON.parse(ev.data).after; reconnect(); });
  source.addEventListener('reset', () => {
    last = null;
    for (const l of listeners) l({ action: 'reset' });
    reconnect();
  });
  source.addEventListener('error', () => { setStatus('Live updates: reconnecting', false); reconnect(); });
}

function reconnect() {
  if (source) source.close();
  source = null;
  schedule();
}

function schedule() {
  if (timer || !session.token()) return;
  timer = setTimeout(open, retry);
  retry = Math.min(retry * 2, 60000);
}

/** Starts the feed (idempotent) and shows its state in el. */
export function startFeed(el) {
  statusEl = el;
  if (!source && !timer) open();
}

export function stopFeed() {
  if (source) source.close();
  source = null;
  clearTimeout(timer);
  timer = null;
  last = null;
  setStatus('', false);
}

/** Calls fn(event) for every ledger event; returns the unsubscribe function. */
export function onEvent(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
