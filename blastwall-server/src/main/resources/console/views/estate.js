// The estate browser: search components (text, kind, region, owner) and open one to see what it depends on and
// what depends on it, one hop at a time.

import { api, seg, ApiError } from '../api.js';
import { h, link, notice, table } from '../dom.js';

export async function render(main, [id]) {
  if (id) return component(main, id);
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const field = (name, label) => [h('label', { for: 'f-' + name }, label),
    h('input', { id: 'f-' + name, name, value: params.get(name) || '', size: name === 'q' ? 24 : 12 })];
  const results = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Search the estate' },
    field('q', 'Text '), ' ', field('kind', 'Kind '), ' ', field('region', 'Region '), ' ', field('owner', 'Owner '), ' ',
    h('button', { type: 'submit', class: 'primary' }, 'Search'));
  const run = async () => {
    const q = new URLSearchParams();
    for (const el of form.querySelectorAll('input')) if (el.value.trim()) q.set(el.name, el.value.trim());
    q.set('limit', '100');
    results.replaceChildren();
    try {
      const [page, estate] = await Promise.all([api('/estate/components?' + q), api('/estate')]);
      results.append(h('p', null, 'Estate ', estate.name, ' (version ', estate.version, '): ', String(estate.nodes),
        ' components, ', String(estate.edges), ' dependencies. ', String(page.total), ' match',
        page.total > page.count ? '; the first ' + page.count + ' are shown — narrow the search' : ''),
      table(null, ['Component', 'Kind', 'Tier', 'Region', 'Owner', 'System'],
        page.components.map(c => [link(c.id, 'estate', c.id), c.kind, String(c.tier), c.region || 'global', c.owner, c.system])));
    } catch (e) {
      results.append(notice('error', e.message));
    }
  };
  form.addEventListener('submit', ev => { ev.preventDefault(); run(); });
  main.append(h('h1', null, 'Estate'), form, results);
  await run();
}

async function component(main, id) {
  let c;
  try {
    c = await api('/estate/components/' + seg(id));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      main.append(h('h1', null, 'Component not found'), notice('warn', e.message, ' ', h('a', { href: '#/estate' }, 'Search the estate')));
      return;
    }
    throw e;
  }
  const rows = list => list.map(d => [link(d.id, 'estate', d.id), d.edge, d.kind, String(d.tier), d.region || 'global', d.owner]);
  const more = (shown, total) => total > shown.length ? h('p', null, 'The first ' + shown.length + ' of ' + total + ' are shown.') : null;
  main.append(h('h1', null, c.id),
    h('section', { class: 'card facts', 'aria-label': 'Properties' }, h('dl', null,
      h('dt', null, 'Kind'), h('dd', null, c.kind + (c.stateful ? ' (holds state)' : '')),
      h('dt', null, 'Tier'), h('dd', null, String(c.tier)),
      h('dt', null, 'Where'), h('dd', null, (c.region || 'global') + (c.zones.length ? ' · zones ' + c.zones.join(', ') : '') + (c.cell ? ' · cell ' + c.cell : '')),
      h('dt', null, 'Owner'), h('dd', null, c.owner + (c.system ? ' · system ' + c.system : '')),
      h('dt', null, 'Replicas'), h('dd', null, String(c.replicas)),
      h('dt', null, 'Labels'), h('dd', null, Object.entries(c.labels || {}).map(([k, v]) => k + '=' + v).join(', ') || 'none'))),
    h('section', { 'aria-labelledby': 'h-deps' }, h('h2', { id: 'h-deps' }, 'Depends on (' + c.dependenciesTotal + ')'),
      table(null, ['Component', 'Edge', 'Kind', 'Tier', 'Region', 'Owner'], rows(c.dependencies)), more(c.dependencies, c.dependenciesTotal)),
    h('section', { 'aria-labelledby': 'h-dependents' }, h('h2', { id: 'h-dependents' }, 'Depended on by (' + c.dependentsTotal + ')'),
      table(null, ['Component', 'Edge', 'Kind', 'Tier', 'Region', 'Owner'], rows(c.dependents)), more(c.dependents, c.dependentsTotal)),
    h('p', null, h('a', { href: '#/estate' }, 'Back to the search')));
}
