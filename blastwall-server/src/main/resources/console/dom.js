// Building DOM from data without ever parsing data as HTML: every string becomes a text node or an attribute value
// set through the DOM API. No console module assigns or inserts markup strings (ConsoleAssetsTest checks).

/** Creates an element. attrs: plain attributes, class, on<event> handlers; children: nodes, strings, arrays. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, children);
  return el;
}

/** Appends children (strings become text nodes). */
export function add(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A table with a caption, column headers and rows of cells. */
export function table(caption, headers, rows, attrs) {
  return h('table', attrs,
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, headers.map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows.map(r => h('tr', null, r.map(c => h('td', null, c))))));
}

/** A link inside the console (hash route); parts are URI-encoded. */
export function link(text, ...parts) {
  return h('a', { href: '#/' + parts.map(p => encodeURIComponent(String(p))).join('/') }, text);
}

/** A severity label: colour and text, never colour alone. */
export function severity(s) {
  const v = s || 'none';
  return h('span', { class: 'sev sev-' + v.replace(/[^a-z-]/g, '') }, v);
}

export function state(s) {
  return h('span', { class: 'state state-' + String(s).replace(/[^a-z-]/g, '') }, s);
}

export function time(t) {
  if (!t) return '';
  const d = new Date(t);
  return h('time', { datetime: t, title: t }, isNaN(d) ? t : d.toLocaleString());
}

export function shortHash(x) {
  return x ? String(x).slice(0, 12) : '';
}

/** A message box; kind is info, warn or error (errors are announced by screen readers). */
export function notice(kind, ...children) {
  return h('div', { class: 'notice notice-' + kind, role: kind === 'error' ? 'alert' : 'status' }, children);
}
