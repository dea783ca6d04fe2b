// A change on one page: who proposed it and for whom, the actions (deletes and replaces first), the blast radius
// graph with a table as its text alternative, summaries, findings, risk, alternatives, what still has to happen,
// the decisions, and the approve/reject form bound to the revision and content hash shown.

import { api, seg, ApiError } from '../api.js';
import { h, link, notice, severity, shortHash, state, table, time } from '../dom.js';
import { onEvent } from '../events.js';
import { drawGraph } from '../graph.js';
import { confirmAction } from '../confirm.js';

const KIND_ORDER = { delete: 0, replace: 1 };
const SEVERITIES = ['none', 'delayed', 'at-risk', 'reduced-redundancy', 'degraded', 'overloaded', 'outage', 'data-loss'];

export async function render(main, [id]) {
  let change;
  try {
    change = await api('/changes/' + seg(id));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      main.append(h('h1', null, 'Change not found'),
        notice('warn', 'There is no change ', h('code', null, id), ' on this server. It may have been mistyped, or the link ',
          'points to another Blastwall installation. ', h('a', { href: '#/' }, 'Back to the inbox')));
      return;
    }
    throw e;
  }
  const eligibility = await api('/changes/' + seg(id) + '/eligibility');
  const rev = change.revision;
  const a = rev.analysis || {};
  const banner = h('div', { id: 'live-banner' });
  main.append(
    h('h1', null, change.title || change.id),
    banner,
    header(change),
    actions(a),
    blast(change),
    summaries(a),
    findings(a),
    risk(a),
    alternatives(a),
    remaining(change),
    rolloutsOf(change),
    decisions(change),
    decide(change, eligibility));
  return onEvent(ev => {
    if (ev.changeId !== change.id && ev.action !== 'reset') return;
    banner.replaceChildren(notice('warn', 'This change was updated just now (' + (ev.action || 'update') + ' by '
      + (ev.actor || 'someone') + '). What you see may be out of date. ',
      h('button', { type: 'button', onclick: () => { location.reload(); } }, 'Reload')));
  });
}

function header(c) {
  const a = c.author || {};
  const who = a.kind === 'agent'
    ? ['agent ', h('strong', null, a.id), a.model ? ' (model ' + a.model + ')' : '', ' acting for ', h('strong', null, a.onBehalfOf || '(nobody)')]
    : ['human ', h('strong', null, a.id)];
  return h('section', { class: 'card facts', 'aria-label': 'Summary' },
    h('dl', null,
      h('dt', null, 'Change'), h('dd', null, h('code', null, c.id), ' ', state(c.state)),
      h('dt', null, 'Proposed by'), h('dd', null, who, a.sessionId ? ' · session ' + a.sessionId : ''),
      h('dt', null, 'Verdict'), h('dd', null, h('span', { class: 'verdict verdict-' + String(c.revision.verdict).replace(/[^a-z-]/g, '') }, c.revision.verdict),
        ' · risk ', h('strong', null, String(c.revision.risk)), ' / 100'),
      h('dt', null, 'Revision'), h('dd', null, 'revision ', String(c.revision.number), ' · content ',
        h('code', { title: c.revision.contentHash }, shortHash(c.revision.contentHash)),
        ' · estate ', h('code', { title: c.revision.estateVersion }, shortHash(String(c.revision.estateVersion).replace(/^sha256:/, ''))),
        ' · policies ', h('code', { title: c.revision.policyVersion }, shortHash(String(c.revision.policyVersion).replace(/^sha256:/, '')))),
      h('dt', null, 'Source'), h('dd', null, c.source || c.revision.sourceFormat || ''),
      h('dt', null, 'Created'), h('dd', null, time(c.createdAt)),
      h('dt', null, 'Audit'), h('dd', null, link('Attribution report', 'ledger', 'attribution', c.id))));
}

function actions(a) {
  const list = ((a.change || {}).actions || []).slice()
    .sort((x, y) => (KIND_ORDER[x.kind] ?? 9) - (KIND_ORDER[y.kind] ?? 9));
  return h('section', { 'aria-labelledby': 'h-actions' }, h('h2', { id: 'h-actions' }, 'Actions (' + list.length + ')'),
    list.length ? table(null, ['Kind', 'Resource', 'Lands on', 'Severity', 'What happens'],
      list.map(x => [h('span', { class: 'kind kind-' + String(x.kind).replace(/[^a-z-]/g, '') }, x.kind),
        h('code', null, x.address), x.mapped ? (x.nodes || []).join(', ') : h('em', null, 'not in the estate'),
        severity(x.severity), x.mode || ''])) : h('p', null, 'No actions.'));
}

function blast(c) {
  const sec = h('section', { 'aria-labelledby': 'h-blast' });
  const out = h('div');
  const minSel = h('select', { id: 'g-min' }, SEVERITIES.map(s => h('option', { value: s === 'none' ? '' : s }, s === 'none' ? 'any' : s)));
  const region = h('input', { id: 'g-region', size: 12 });
  const owner = h('input', { id: 'g-owner', size: 12 });
  const form = h('form', { class: 'filters', 'aria-label': 'Filter the graph' },
    h('label', { for: 'g-min' }, 'Minimum severity '), minSel,
    h('label', { for: 'g-region' }, ' Region '), region,
    h('label', { for: 'g-owner' }, ' Owner '), owner,
    ' ', h('button', { type: 'submit' }, 'Apply'));
  let current = null;
  const load = async () => {
    const q = new URLSearchParams({ maxNodes: '500' });
    if (minSel.value) q.set('minSeverity', minSel.value);
    if (region.value.trim()) q.set('region', region.value.trim());
    if (owner.value.trim()) q.set('owner', owner.value.trim());
    if (current) current.destroy();
    current = null;
    out.replaceChildren(h('p', null, 'Loading the blast radius…'));
    try {
      const g = await api('/changes/' + seg(c.id) + '/revisions/' + c.revision.number + '/graph?' + q);
      current = showGraph(out, g);
    } catch (e) {
      out.replaceChildren(notice('error', e.message));
    }
  };
  form.addEventListener('submit', ev => { ev.preventDefault(); load(); });
  sec.append(h('h2', { id: 'h-blast' }, 'Blast radius'), form, out);
  load();
  return sec;
}

function showGraph(out, g) {
  const impacted = g.nodes.filter(n => n.severity && n.severity !== 'none')
    .sort((x, y) => SEVERITIES.indexOf(y.severity) - SEVERITIES.indexOf(x.severity));
  const detail = h('div', { class: 'node-detail', 'aria-live': 'polite' }, 'Select a component to see why it is hit.');
  const box = h('div', { id: 'graph', class: 'graph', role: 'img',
    'aria-label': 'Dependency graph of ' + g.nodes.length + ' components, ' + impacted.length
      + ' impacted; the table below lists the same information.' });
  const notes = (g.notes || []).map(n => notice('warn', n));
  out.replaceChildren(...notes);
  if (!g.nodes.length) {
    out.append(h('p', null, 'Nothing to draw: no component of the estate is impacted (or the filter hides them all).'));
    return null;
  }
  const tools = h('div', { class: 'toolbar' });
  out.append(tools, h('div', { class: 'graph-row' }, box, detail), legend());
  const gr = drawGraph(box, g, n => describe(detail, n));
  box.dataset.nodeCount = String(gr.count);
  box.dataset.edgeCount = String(g.edges.length);
  tools.append(
    h('button', { type: 'button', onclick: () => gr.zoomToImpacted() }, 'Zoom to impacted'),
    h('button', { type: 'button', onclick: () => gr.fitAll() }, 'Show all'),
    h('button', { type: 'button', onclick: () => gr.clear() }, 'Clear highlight'));
  if (impacted.length) {
    // start with the longest explanation path (worst first among equals): it shows how far the impact travels
    const deepest = impacted.reduce((best, n) => ((n.path || []).length > (best.path || []).length ? n : best), impacted[0]);
    gr.highlight(deepest.id);
    describe(detail, deepest);
  }
  out.append(table('Impacted components (text alternative to the graph)',
    ['Component', 'Severity', 'Tier', 'Region', 'Owner', 'Explanation path', ''],
    impacted.map(n => [n.id, severity(n.severity), String(n.tier), n.region || 'global', n.owner, (n.path || []).join(' → '),
      h('button', { type: 'button', 'aria-label': 'Show the path to ' + n.id + ' in the graph',
        onclick: () => { gr.highlight(n.id); describe(detail, n); } }, 'Show path')]),
    { class: 'impacted' }));
  return gr;
}

function describe(el, n) {
  if (!n) return;
  el.replaceChildren(h('h3', null, n.id),
    h('p', null, severity(n.severity), ' · ', n.kind, ' · tier ', String(n.tier), ' · ', n.region || 'global', ' · ', n.owner),
    n.path && n.path.length ? h('p', null, 'Why: ', n.path.join(' → ')) : h('p', null, n.role === 'changed' ? 'Changed directly.' : 'A neighbour, not impacted.'),
    n.cause ? h('p', null, 'Cause: ', h('code', null, n.cause)) : null,
    link('Open in the estate browser', 'estate', n.id));
}

function legend() {
  return h('p', { class: 'legend' }, 'Star: changed directly. Square: impacted (colour = severity). Circle: neighbour. ',
    'An arrow A → B means B depends on A (impact flows along it); dashed: soft dependency, dotted: asynchronous. ',
    'Thick blue: the explanation path of the selected component.');
}

function counts(title, obj, label) {
  const entries = Object.entries(obj || {});
  return table(title, [label, 'Impacted'], entries.map(([k, v]) => [k === '' ? 'global' : k, String(v)]));
}

function summaries(a) {
  const s = ((a.blast || {}).summary) || {};
  return h('section', { 'aria-labelledby': 'h-sum' }, h('h2', { id: 'h-sum' }, 'Summaries'),
    h('p', null, String(s.impactedCount ?? 0), ' components impacted, worst ', severity(s.maxSeverity),
      s.trafficAtRisk !== undefined ? ' · traffic at risk ' + Math.round(s.trafficAtRisk * 100) + '%' : '',
      s.multiRegion ? ' · several regions at once' : '', s.multiZone ? ' · several zones at once' : ''),
    h('div', { class: 'grid' }, counts('By severity', s.bySeverity, 'Severity'), counts('By tier', s.byTier, 'Tier'),
      counts('By region', s.byRegion, 'Region'), counts('By team', s.byOwner, 'Team')));
}

function findings(a) {
  const f = a.findings || [];
  return h('section', { 'aria-labelledby': 'h-find' }, h('h2', { id: 'h-find' }, 'Findings (' + f.length + ')'),
    f.length ? table(null, ['Effect', 'Policy', 'Message', 'Action'],
      f.map(x => [h('span', { class: 'effect effect-' + String(x.effect).replace(/[^a-z-]/g, '') }, x.effect), x.policy, x.message, x.action || '']))
      : h('p', null, 'No policy has anything to say.'));
}

function risk(a) {
  const r = a.risk || {};
  return h('section', { 'aria-labelledby': 'h-risk' }, h('h2', { id: 'h-risk' }, 'Risk ' + (r.score ?? '?') + ' / 100'),
    table('What the score is made of', ['Factor', 'Points', 'Why'], (r.contributions || []).map(x => [x.factor, String(x.points), x.reason])));
}

function alternatives(a) {
  const list = a.alternatives || [];
  return h('section', { 'aria-labelledby': 'h-alt' }, h('h2', { id: 'h-alt' }, 'Safer alternatives'),
    list.length ? h('ul', null, list.map(x => h('li', null, x.description))) : h('p', null, 'None suggested.'));
}

function remaining(c) {
  const ap = c.approvals || {};
  const roll = ((c.revision.analysis || {}).requirements || {}).rollout;
  return h('section', { 'aria-labelledby': 'h-todo' }, h('h2', { id: 'h-todo' }, 'What still has to happen'),
    ap.requirements && ap.requirements.length
      ? h('ul', { class: 'todo' }, ap.requirements.map(r => h('li', { class: r.met ? 'met' : 'open' },
        r.met ? '✓ ' : '○ ', r.description, ' — ', String(r.counted.length), ' of ', String(r.count),
        r.counted.length ? ' (' + r.counted.join(', ') + ')' : '')))
      : h('p', null, 'No approval is required.'),
    (ap.ignored || []).length ? h('p', null, 'Not counted: ', ap.ignored.map(i => i.approver + ' — ' + i.reason).join('; ')) : null,
    roll ? h('p', null, 'Rollout: ', roll.description) : null);
}

// the rollouts of this change, and starting one when it is approved (only when the server runs the rollout API)
function rolloutsOf(c) {
  const sec = h('section', { 'aria-labelledby': 'h-rollouts', hidden: true }, h('h2', { id: 'h-rollouts' }, 'Rollout'));
  api('/rollouts?state=all').then(list => {
    const mine = list.rollouts.filter(r => r.changeId === c.id);
    sec.hidden = !mine.length && c.state !== 'approved';
    if (mine.length) {
      sec.append(table(null, ['Rollout', 'State', 'Wave', 'Phase'], mine.map(r => [link(r.id, 'rollouts', r.id), state(r.state),
        r.currentWave + ' of ' + r.waveCount, r.currentPhase])));
    }
    if (c.state === 'approved') {
      const status = h('div');
      const start = h('button', { type: 'button', class: 'primary', id: 'start-rollout' }, 'Start the rollout');
      start.addEventListener('click', async () => {
        if (await confirmAction('Start the rollout?', 'Wave by wave, as planned from the estate, with canary analysis after each bake.', 'Start') === null) return;
        try {
          const r = await api('/rollouts', { method: 'POST', body: { changeId: c.id } });
          location.hash = '#/rollouts/' + encodeURIComponent(r.id);
        } catch (e) {
          status.replaceChildren(notice('error', 'Refused: ', e.message));
        }
      });
      sec.append(h('div', { class: 'buttons' }, start), status);
    }
  }).catch(() => { /* no rollout API on this server */ });
  return sec;
}

function decisions(c) {
  const ds = c.decisions || [];
  return h('section', { 'aria-labelledby': 'h-dec' }, h('h2', { id: 'h-dec' }, 'Decisions (' + ds.length + ')'),
    ds.length ? table(null, ['Who', 'Decision', 'Revision', 'Content', 'Comment', 'When', 'Counts'],
      ds.map(d => [d.approver, d.decision, String(d.revision), h('code', { title: d.contentHash }, shortHash(d.contentHash)),
        d.comment || '', time(d.at), d.valid ? 'yes' : 'no: ' + (d.invalidatedReason || '')])) : h('p', null, 'Nobody has decided yet.'));
}

function decide(c, el) {
  const status = h('div', { id: 'decision-status' });
  const comment = h('textarea', { id: 'comment', rows: 3, cols: 60 });
  const reason = h('p', { id: 'approve-reason', class: 'reason' }, el.canApprove ? '' : 'You cannot approve: ' + el.reason);
  const send = async kind => {
    status.replaceChildren();
    try {
      const body = { revision: c.revision.number, contentHash: c.revision.contentHash, comment: comment.value };
      const r = await api('/changes/' + seg(c.id) + '/' + kind, { method: 'POST', body });
      status.append(notice('info', (kind === 'approvals' ? 'Approved' : 'Rejected') + '. The change is now ' + r.state + '. ',
        h('button', { type: 'button', onclick: () => location.reload() }, 'Reload')));
      approve.disabled = true;
      reject.disabled = true;
    } catch (e) {
      const p = e.problem || {};
      const head = p.status === 409 ? 'Refused: the change moved on since this page was loaded. '
        : p.status === 403 ? 'Refused by the approval rules. ' : 'Refused. ';
      status.append(notice('error', head, e.message, p.rule ? ' [' + p.rule + ']' : '',
        p.status === 409 ? [' ', h('button', { type: 'button', onclick: () => location.reload() }, 'Review the current revision')] : null));
    }
  };
  const approve = h('button', { type: 'button', id: 'approve', class: 'primary', disabled: !el.canApprove,
    'aria-describedby': 'approve-reason', onclick: () => send('approvals') }, 'Approve revision ' + c.revision.number);
  const reject = h('button', { type: 'button', id: 'reject', disabled: !el.canReject, onclick: () => send('rejections') },
    'Reject');
  return h('section', { class: 'card', 'aria-labelledby': 'h-decide' }, h('h2', { id: 'h-decide' }, 'Your decision'),
    h('p', null, 'You decide on revision ', h('strong', null, String(c.revision.number)), ' with content hash ',
      h('code', { id: 'decide-hash' }, c.revision.contentHash), '. The server counts your decision only for exactly this content.'),
    h('label', { for: 'comment' }, 'Comment'), comment,
    h('div', { class: 'buttons' }, approve, ' ', reject), reason, status);
}
