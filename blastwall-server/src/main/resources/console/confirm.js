// A confirmation dialog (native <dialog>: modal, focus kept inside, Escape cancels) for actions that change the
// world: stopping or rolling back a rollout is one confirmed click. Resolves to the reason typed, or null.

import { h } from './dom.js';

export function confirmAction(title, explanation, confirmLabel, { needReason = false } = {}) {
  return new Promise(resolve => {
    const reason = h('input', { id: 'confirm-reason', size: 40, 'aria-required': needReason ? 'true' : null });
    const error = h('p', { class: 'reason', 'aria-live': 'assertive' });
    const ok = h('button', { type: 'submit', class: 'primary danger', id: 'confirm-ok' }, confirmLabel);
    const cancel = h('button', { type: 'button', id: 'confirm-cancel' }, 'Cancel');
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'confirm-title' }, title), h('p', null, explanation),
      h('label', { for: 'confirm-reason' }, needReason ? 'Reason (required)' : 'Reason'), reason, error,
      h('div', { class: 'buttons' }, ok, cancel));
    const dialog = h('dialog', { 'aria-labelledby': 'confirm-title' }, form);
    const done = value => { dialog.close(); dialog.remove(); resolve(value); };
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      if (needReason && !reason.value.trim()) { error.textContent = 'Say why.'; reason.focus(); return; }
      done(reason.value.trim());
    });
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', ev => { ev.preventDefault(); done(null); });
    document.body.append(dialog);
    dialog.showModal();
    reason.focus();
  });
}
