// One applied wave's canary against its baseline over the bake window, per metric: a uPlot time series of both
// (GET /api/v1/rollouts/{id}/waves/{n}/samples), the wave's verdict for that metric next to it, and the values as a
// table (the chart's text alternative). Re-rendered with the rollout view on its ledger events; while the shown wave
// bakes (no ledger event happens then) it refreshes itself once per bucket, at most every 30 s and only while the tab
// is visible. A metrics source that cannot answer is said so in an alert, never drawn as an empty healthy chart.

import { api, seg, ApiError } from '../api.js';
import { h, notice, table } from '../dom.js';
import uPlot from '../lib/uPlot.esm.js';

/**
 * The section for rollout r. charts collects the uPlot instances (the caller destroys them); pick remembers the wave
 * the reader chose across re-renders ({ wave: n }). Returns { el, stop } (stop ends the bake refresh).
 */
export function waveSamples(r, charts, pick) {
  const sec = h('section', { 'aria-labelledby': 'h-samples' }, h('h2', { id: 'h-samples' }, 'Canary and baseline of a wave'));
  const applied = r.waves.filter(w => w.appliedAt);
  if (!applied.length) {
    sec.append(h('p', null, 'No wave has been applied yet.'));
    return { el: sec, stop: () => {} };
  }
  const current = applied.find(w => w.number === r.currentWave);
  if (!applied.some(w => w.number === pick.wave)) pick.wave = (current || applied[applied.length - 1]).number;
  const select = h('select', { id: 'ro-sample-wave' }, applied.map(w =>
    h('option', { value: w.number, selected: w.number === pick.wave }, 'Wave ' + w.number + ' (' + w.label + ', ' + w.phase + ')')));
  const body = h('div', { id: 'ro-samples', 'aria-live': 'polite' });
  sec.append(h('p', null, h('label', { for: 'ro-sample-wave' }, 'Wave '), select), body);
  let timer = null;
  let stopped = false;
  const load = async () => {
    clearTimeout(timer);
    const n = pick.wave;
    let s;
    try {
      s = await api('/rollouts/' + seg(r.id) + '/waves/' + n + '/samples');
    } catch (e) {
      if (stopped || n !== pick.wave) return;
      body.replaceChildren(notice('error', e instanceof ApiError && e.status === 503
        ? 'The metrics source is unavailable, so no samples can be shown: ' : 'Samples cannot be loaded: ', e.message));
      return;
    }
    if (stopped || n !== pick.wave) return;
    for (const c of charts.splice(0)) c.destroy();
    body.replaceChildren(...render(s, charts));
    if (s.phase === 'baking' && document.visibilityState !== 'hidden') {
      timer = setTimeout(() => load().catch(() => {}), Math.max(30, s.bucketSeconds) * 1000);
    }
  };
  select.addEventListener('change', () => { pick.wave = Number(select.value); load(); });
  load();
  return { el: sec, stop: () => { stopped = true; clearTimeout(timer); } };
}

function render(s, charts) {
  const out = [h('p', null, 'Canary: the wave\'s targets (', String(s.canaryTargets), '). Baseline: ',
    s.baseline.kind === 'later-waves' ? 'the targets not yet changed (' + s.baseline.targets + ')'
      : 'the same targets over the ' + s.baseline.shiftSeconds + ' s before the apply, shifted onto this window',
    '. Each point is the mean over ', String(s.bucketSeconds), ' s (source: ', s.source, ').',
    s.verdict ? [' Verdict: ', h('span', { class: 'outcome outcome-' + String(s.verdict.outcome).replace(/[^a-z-]/g, '') }, s.verdict.outcome)]
      : ' Not judged yet.')];
  for (const [name, m] of Object.entries(s.metrics)) {
    const v = s.verdict ? s.verdict.metrics.find(x => x.name === name) : null;
    const xs = [...new Set([...m.canary, ...m.baseline].map(p => p[0]))].sort((a, b) => a - b);
    const at = series => { const by = new Map(series.map(p => [p[0], p[1]])); return xs.map(x => by.has(x) ? by.get(x) : null); };
    const canary = at(m.canary), baseline = at(m.baseline);
    const box = h('div', { class: 'chart samples-chart', 'data-metric': name, 'data-points': xs.length, role: 'img',
      'aria-label': name + ' on the canary and on the baseline over wave ' + s.wave + '\'s bake window; the table after it has the values' });
    out.push(h('h3', null, name, ' ', v ? h('span', { class: 'outcome outcome-' + String(v.outcome).replace(/[^a-z-]/g, '') },
      v.outcome + (v.critical ? ' (critical)' : '')) : ''),
    v ? h('p', null, 'Shift ', v.effect === null ? '—' : v.effect.toPrecision(3), ', p-value ', v.pValue === null ? '—' : v.pValue.toPrecision(2),
      ', samples canary / baseline ', v.canaryCount + ' / ' + v.baselineCount, v.detail ? ' — ' + v.detail : '') : null,
    xs.length ? box : h('p', { class: 'empty' }, 'No samples in this window yet.'),
    h('details', null, h('summary', null, name + ': the values as a table'),
      table(name + ', canary and baseline', ['Time', 'Canary', 'Baseline'],
        xs.map((x, i) => [new Date(x * 1000).toLocaleTimeString(), num(canary[i]), num(baseline[i])]))));
    if (xs.length) {
      charts.push(new uPlot({
        width: Math.min(720, (document.querySelector('main') || document.body).clientWidth - 40), height: 200,
        scales: { x: { time: true } },
        axes: [{}, { label: name }],
        series: [{ label: 'time' },
          { label: 'canary', stroke: '#b71c1c', width: 2, points: { size: 5 } },
          { label: 'baseline', stroke: '#0d47a1', width: 2, dash: [6, 4], points: { size: 5 } }],
      }, [xs, canary, baseline], box));
    }
  }
  return out;
}

function num(v) {
  return v === null || v === undefined ? '—' : Number(v).toPrecision(4);
}
