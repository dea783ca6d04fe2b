// The inbox: what waits for my decision, what waits for others (and why not me), what is rolling out, recent halts
// and rollbacks. Refreshed (debounced) when the live feed reports a change.

import { api } from '../api.js';
import { h, link, notice, severity, state, table, time } from '../dom.js';
import { onEvent } from '../events.js';

function rows(list, extra) {
  return list.map(c => [link(c.title || c.id, 'changes', c.id), state(c.state), authorOf(c),
    ...extra(c), time(c.updatedAt)]);
}

function authorOf(c) {
  const a = c.author || {};
  return a.kind === 'agent' ? a.id + ' for ' + (a.onBehalfOf || '?') : a.id;
}

function section(title, id, list, headers, extra, empty) {
  return h('section', { 'aria-labelledby': id },
    h('h2', { id }, title, ' ', h('span', { class: 'count' }, '(' + list.length + ')')),
    list.length ? table(null, ['Change', 'State', 'Proposed by', ...headers, 'Updated'], rows(list, extra))
      : h('p', { class: 'empty' }, empty));
}

export async function render(main) {
  const body = h('div');
  main.append(h('h1', null, 'Inbox'), body);
  const load = async () => {
    const box = await api('/inbox');
    body.replaceChildren(
      section('Waiting for me', 'awaiting-me', box.awaitingMe, ['Worst impact', 'Risk', 'Still needs'],
        c => [severity(c.maxSeverity), String(c.risk), c.needs.join('; ')], 'Nothing waits for your decision.'),
      section('Approved, scheduled and rolling out', 'rolling-out', box.rollingOut, [], () => [], 'Nothing is approved or rolling out.'),
      section('Recent halts and rollbacks', 'halts', box.recentHalts, [], () => [], 'No halts or rollbacks in the last 7 days.'),
      section('Waiting for others', 'awaiting-others', box.awaitingOthers, ['Worst impact', 'Why not me'],
        c => [severity(c.maxSeverity), c.whyNotMe], 'Nothing else is awaiting approval.'));
  };
  try {
    await load();
  } catch (e) {
    body.append(notice('error', e.message));
  }
  let pending = null;
  return onEvent(() => {
    clearTimeout(pending);
    pending = setTimeout(() => load().catch(e => body.replaceChildren(notice('error', e.message))), 500);
  });
}
