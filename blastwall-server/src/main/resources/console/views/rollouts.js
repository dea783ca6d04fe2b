// Rollouts: the active ones (or all), the emergency stop, and one rollout live: its waves with targets, phase, bake
// timer and verdict; one applied wave's canary and baseline series per metric (samples.js); per metric a chart of
// the canary-versus-baseline shift wave by wave with each wave's outcome; pause, resume, abort, roll back and
// promote, each one confirmed click. Reloads on ledger events for its change; the bake timers tick in the page
// without asking the server.

import { api, seg, ApiError } from '../api.js';
import { h, link, notice, state, table, time } from '../dom.js';
import { onEvent } from '../events.js';
import { confirmAction } from '../confirm.js';
import uPlot from '../lib/uPlot.esm.js';
import { waveSamples } from './samples.js';

export async function render(main, [id]) {
  return id ? detail(main, id) : list(main);
}

async function list(main) {
  const body = h('div');
  const all = h('input', { type: 'checkbox', id: 'ro-all' });
  main.append(h('h1', null, 'Rollouts'), h('p', null, all, ' ', h('label', { for: 'ro-all' }, 'Include finished rollouts')), body);
  const load = async () => {
    const r = await api('/rollouts?state=' + (all.checked ? 'all' : 'active'));
    body.replaceChildren(emergency(r.emergencyStop, load),
      r.rollouts.length ? table(null, ['Rollout', 'Change', 'State', 'Wave', 'Phase', 'Bake ends', 'Started by', 'Updated'],
        r.rollouts.map(x => [link(x.id, 'rollouts', x.id), link(x.changeId, 'changes', x.changeId), state(x.state),
          x.currentWave + ' of ' + x.waveCount, x.currentPhase, countdown(x.bakeDeadline), x.startedBy, time(x.updatedAt)]))
        : h('p', { class: 'empty' }, all.checked ? 'No rollouts yet.' : 'No rollout is running.'));
  };
  all.addEventListener('change', () => load().catch(e => body.replaceChildren(notice('error', e.message))));
  await load().catch(e => body.replaceChildren(notice('error', e.message)));
  return live(() => load(), () => true);
}

function emergency(stop, reload) {
  if (stop && stop.active) {
    return notice('error', 'Emergency stop in force since ', time(stop.at), ' by ', stop.by, ': ', stop.reason,
      '. No rollout moves until an admin lifts it.');
  }
  const button = h('button', { type: 'button', class: 'danger', id: 'emergency-stop' }, 'Emergency stop: halt every rollout');
  const status = h('div');
  button.addEventListener('click', async () => {
    const reason = await confirmAction('Halt every rollout?', 'Every running rollout stops where it is and no new wave starts until an admin lifts the stop.',
      'Halt every rollout', { needReason: true });
    if (reason === null) return;
    try {
      await api('/emergency-stop', { method: 'POST', body: { reason } });
      await reload();
    } catch (e) {
      status.replaceChildren(notice('error', e.message));
    }
  });
  return h('div', { class: 'buttons' }, button, status);
}

async function detail(main, id) {
  let r;
  try {
    r = await api('/rollouts/' + seg(id));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      main.append(h('h1', null, 'Rollout not found'), notice('warn', 'There is no rollout ', h('code', null, id), ' on this server. ',
        h('a', { href: '#/rollouts' }, 'All rollouts')));
      return;
    }
    throw e;
  }
  const body = h('div');
  main.append(h('h1', null, 'Rollout ', id), body);
  const charts = [], sampleCharts = [], pick = {};
  let samples = { stop: () => {} };
  const show = x => {
    for (const c of charts.splice(0)) c.destroy();
    for (const c of sampleCharts.splice(0)) c.destroy();
    samples.stop();
    r = x;
    samples = waveSamples(r, sampleCharts, pick);
    body.replaceChildren(summary(r), commands(r, show), waves(r), samples.el, metrics(r, charts));
  };
  show(r);
  const reload = async () => show(await api('/rollouts/' + seg(id)));
  const unsubscribe = live(reload, ev => ev.changeId === r.changeId || String(ev.action || '').startsWith('rollout'));
  const tick = setInterval(() => {
    for (const el of body.querySelectorAll('[data-deadline]')) el.textContent = remaining(el.dataset.deadline);
  }, 1000);
  return () => {
    unsubscribe(); clearInterval(tick); samples.stop();
    for (const c of [...charts, ...sampleCharts]) c.destroy();
  };
}

function summary(r) {
  return h('section', { class: 'card facts', 'aria-label': 'Rollout' }, h('dl', null,
    h('dt', null, 'Change'), h('dd', null, link(r.changeId, 'changes', r.changeId), ' · revision ', String(r.revision)),
    h('dt', null, 'State'), h('dd', null, state(r.state), r.reversing ? ' (reversing)' : '', r.reason ? ' — ' + r.reason : ''),
    h('dt', null, 'Now'), h('dd', { id: 'ro-now' }, 'wave ', String(r.currentWave), ' of ', String(r.waveCount), ', ', r.currentPhase,
      r.bakeDeadline ? [' · bake ends in ', countdown(r.bakeDeadline)] : ''),
    h('dt', null, 'Policy'), h('dd', null, 'at least ', String(r.policy.minWaves), ' waves, bake ', String(r.policy.bakeSeconds), ' s, at most ',
      Math.round(r.policy.maxShareAtOnce * 100) + '% at once', r.policy.autoRollback ? ', automatic rollback' : ''),
    h('dt', null, 'Started'), h('dd', null, r.startedBy, ' · ', time(r.createdAt))),
    r.emergencyStop ? notice('error', 'Emergency stop in force: ', r.emergencyStop.reason) : null);
}

function commands(r, show) {
  const status = h('div', { id: 'ro-status' });
  const act = (label, path, explanation, needReason, danger) => {
    const b = h('button', { type: 'button', class: danger ? 'danger' : '', id: 'ro-' + path }, label);
    b.addEventListener('click', async () => {
      const reason = await confirmAction(label + '?', explanation, label, { needReason });
      if (reason === null) return;
      status.replaceChildren();
      try {
        const body = path === 'promote' ? { comment: reason } : { reason };
        show(await api('/rollouts/' + seg(r.id) + '/' + path, { method: 'POST', body }));
      } catch (e) {
        status.replaceChildren(notice('error', 'Refused: ', e.message, e.problem && e.problem.rule ? ' [' + e.problem.rule + ']' : ''));
      }
    });
    return b;
  };
  const terminal = ['completed', 'rolled-back', 'aborted', 'failed'].includes(r.state);
  if (terminal) return h('p', null, 'This rollout is over.');
  return h('section', { 'aria-labelledby': 'h-ro-cmd' }, h('h2', { id: 'h-ro-cmd' }, 'Control'),
    h('div', { class: 'buttons' },
      r.state === 'paused' ? act('Resume', 'resume', 'The rollout continues with the current wave.', false, false)
        : act('Pause', 'pause', 'The rollout stops before its next step until resumed.', false, false),
      act('Promote the current wave', 'promote', 'Promote the current wave now, without waiting for the rest of the bake time.', false, false),
      act('Roll back', 'rollback', 'Every wave applied so far is reverted, newest first.', true, true),
      act('Abort', 'abort', 'The rollout stops for good where it is; nothing is reverted.', true, true)),
    status);
}

function waves(r) {
  return h('section', { 'aria-labelledby': 'h-waves' }, h('h2', { id: 'h-waves' }, 'Waves'),
    table(null, ['#', 'Wave', 'Targets', 'Phase', 'Bake', 'Verdict', 'Why'],
      r.waves.map(w => [String(w.number), w.label,
        w.targets.length + ': ' + w.targets.slice(0, 6).map(t => t.nodeId + (t.zone ? '/' + t.zone : '')).join(', ') + (w.targets.length > 6 ? ' …' : ''),
        h('span', { class: 'phase phase-' + String(w.phase).replace(/[^a-z-]/g, '') }, w.phase),
        w.phase === 'baking' && w.bakeUntil ? countdown(w.bakeUntil) : w.bakeSeconds + ' s',
        w.verdict ? h('span', { class: 'outcome outcome-' + String(w.verdict.outcome).replace(/[^a-z-]/g, '') },
          w.verdict.outcome + (w.verdict.score !== null ? ' (' + Math.round(w.verdict.score) + ')' : '')) : '',
        w.verdict ? w.verdict.reasons.join('; ') : (w.detail || '')]), { id: 'waves' }));
}

// per metric: the canary − baseline shift of each judged wave, with the wave's outcome in the legend and the table
function metrics(r, charts) {
  const judged = r.waves.filter(w => w.verdict && w.verdict.metrics.length);
  const sec = h('section', { 'aria-labelledby': 'h-metrics' }, h('h2', { id: 'h-metrics' }, 'Canary against baseline'));
  if (!judged.length) {
    sec.append(h('p', null, 'No wave has been judged yet.'));
    return sec;
  }
  const names = [...new Set(judged.flatMap(w => w.verdict.metrics.map(m => m.name)))];
  for (const name of names) {
    const xs = [], ys = [], rows = [];
    for (const w of judged) {
      const m = w.verdict.metrics.find(x => x.name === name);
      if (!m) continue;
      xs.push(w.number);
      ys.push(m.effect);
      rows.push([String(w.number), m.outcome + (m.critical ? ' (critical)' : ''), m.effect === null ? '—' : m.effect.toPrecision(3),
        m.pValue === null ? '—' : m.pValue.toPrecision(2), m.canaryCount + ' / ' + m.baselineCount, m.detail]);
    }
    const box = h('div', { class: 'chart', role: 'img', 'aria-label': 'Shift of ' + name + ' on the canary against the baseline, per wave; the table after it has the values' });
    sec.append(h('h3', null, name), box,
      table(name + ' per wave', ['Wave', 'Outcome', 'Shift (canary − baseline)', 'p-value', 'Samples canary / baseline', 'Detail'], rows));
    if (xs.length) {
      charts.push(new uPlot({
        width: Math.min(720, (document.querySelector('main') || document.body).clientWidth - 40), height: 200,
        scales: {
          // every wave on the axis, and zero (no shift) always in view
          x: { time: false, range: () => [0.5, r.waveCount + 0.5] },
          y: { range: (u, min, max) => {
            const lo = Math.min(0, min), hi = Math.max(0, max);
            const pad = (hi - lo) * 0.2 || 0.01;
            return [lo - pad, hi + pad];
          } },
        },
        axes: [{ label: 'wave', incrs: [1] }, { label: 'canary − baseline' }],
        series: [{ label: 'wave' }, { label: name + ' shift', stroke: '#0d47a1', width: 2, points: { size: 8 } }],
      }, [xs, ys], box));
    }
  }
  return sec;
}

function countdown(deadline) {
  if (!deadline) return '';
  return h('span', { 'data-deadline': deadline, title: deadline }, remaining(deadline));
}

function remaining(deadline) {
  const s = Math.round((new Date(deadline) - Date.now()) / 1000);
  if (isNaN(s)) return '';
  if (s <= 0) return 'due';
  return (s >= 60 ? Math.floor(s / 60) + ' min ' : '') + (s % 60) + ' s';
}

function live(reload, relevant) {
  let pending = null;
  const off = onEvent(ev => {
    if (!relevant(ev)) return;
    clearTimeout(pending);
    pending = setTimeout(() => reload().catch(() => {}), 300);
  });
  return () => { clearTimeout(pending); off(); };
}
