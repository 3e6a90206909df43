// SPDX-License-Identifier: Apache-2.0
// The web page: keys (#/keys), my consents (#/consents) and audit (#/audit). Everything is built
// with DOM calls (text, never HTML), so nothing from the API is ever parsed as markup.

import { ApiError, Session, call } from './api.js';
import { PageError, jwsPayload, signJws } from './jose.js';
import { checkProof } from './proof.js';
import { deleteKey, generateKey, importExport, listKeys } from './keys.js';
import { category, errorSentence, formatTime, initialLanguage, setLanguage, t } from './i18n.js';

const ACTIVE = 'consent-ledger.activeKey';
const state = {
  keys: [],
  activeId: localStorage.getItem(ACTIVE),
  sessions: new Map(),
  consents: null,
  open: new Set(),
  receipts: new Map(),
  confirming: null,
  audit: { query: '', from: '', to: '', result: null, checks: new Map() },
  message: null,
  importForm: { text: '', passphrase: '' },
};

// ---- DOM helpers ----

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const main = () => document.getElementById('main');
const short = (id) => (id && id.length > 20 ? `${id.slice(0, 10)}…${id.slice(-6)}` : id || '');

function showError(e) {
  state.message = { kind: 'error', text: errorFor(e), code: e instanceof ApiError ? e.code || `HTTP_${e.status}` : e.key || 'ERROR' };
  render();
}

function errorFor(e) {
  if (e instanceof ApiError) return errorSentence(e.code, e.status);
  if (e instanceof PageError) return t(e.key, e.params);
  console.error(e);
  return t('errUnexpected');
}

function notice(text) {
  state.message = { kind: 'ok', text };
  render();
}

function messageBox() {
  if (!state.message) return null;
  const m = state.message;
  return h(
    'div',
    { class: `message ${m.kind}`, role: m.kind === 'error' ? 'alert' : 'status', 'data-testid': 'message', 'data-code': m.code },
    h('span', { text: m.text }),
    h('button', { class: 'link', type: 'button', 'aria-label': t('dismiss'), onclick: () => { state.message = null; render(); } }, '×'),
  );
}

async function busy(button, work) {
  button.disabled = true;
  button.classList.add('busy');
  try {
    state.message = null;
    await work();
  } catch (e) {
    showError(e);
  } finally {
    button.disabled = false;
    button.classList.remove('busy');
  }
}

// ---- keys ----

const activeKey = () => state.keys.find((k) => k.id === state.activeId) || null;

function useKey(id) {
  state.activeId = id;
  localStorage.setItem(ACTIVE, id);
  state.consents = null;
  state.receipts.clear();
  state.open.clear();
  state.audit.result = null;
  state.audit.checks.clear();
}

async function reloadKeys() {
  state.keys = await listKeys();
  if (!activeKey() && state.keys.length) useKey(state.keys[state.keys.length - 1].id);
}

function keyCard(k) {
  const active = k.id === state.activeId;
  return h(
    'li',
    { class: `card key${active ? ' active' : ''}`, 'data-testid': 'key', 'data-did': k.did },
    h('div', { class: 'row' },
      h('strong', { text: `${k.type} · ${t(k.source === 'generated' ? 'keyGenerated' : 'keyImported')}` }),
      active ? h('span', { class: 'badge given', text: t('keyInUse') }) : null),
    h('code', { class: 'did', text: k.did }),
    h('div', { class: 'actions' },
      active ? null : h('button', { type: 'button', onclick: () => { useKey(k.id); render(); } }, t('keyUse')),
      h('button', {
        type: 'button',
        class: 'secondary',
        onclick: async (ev) => busy(ev.currentTarget, async () => {
          if (!window.confirm(t('keyDeleteConfirm'))) return;
          await deleteKey(k.id);
          if (state.activeId === k.id) { state.activeId = null; localStorage.removeItem(ACTIVE); }
          state.sessions.delete(k.id);
          await reloadKeys();
          render();
        }),
      }, t('keyDelete'))),
  );
}

function keysView() {
  // The form keeps what was typed across renders (an error re-renders the page).
  const text = h('textarea', { id: 'import-text', rows: 4, spellcheck: 'false', autocomplete: 'off', placeholder: t('importPlaceholder') });
  const pass = h('input', { id: 'import-passphrase', type: 'password', autocomplete: 'off' });
  const file = h('input', { id: 'import-file', type: 'file', accept: '.json,.jwk,.jwe,.txt,application/json' });
  text.value = state.importForm.text;
  pass.value = state.importForm.passphrase;
  text.addEventListener('input', () => { state.importForm.text = text.value; });
  pass.addEventListener('input', () => { state.importForm.passphrase = pass.value; });
  file.addEventListener('change', async () => {
    if (file.files[0]) state.importForm.text = text.value = await file.files[0].text();
  });
  return [
    h('h2', { text: t('keysTitle') }),
    h('p', { class: 'hint', text: t('keysIntro') }),
    state.keys.length
      ? h('ul', { class: 'cards' }, state.keys.map(keyCard))
      : h('p', { class: 'empty', text: t('keysNone') }),
    h('section', { class: 'panel' },
      h('h3', { text: t('generateTitle') }),
      h('p', { class: 'hint', text: t('generateIntro') }),
      h('div', { class: 'actions' },
        ['Ed25519', 'P-256'].map((type) =>
          h('button', {
            type: 'button',
            id: `generate-${type.toLowerCase()}`,
            onclick: (ev) => busy(ev.currentTarget, async () => {
              const k = await generateKey(type);
              await reloadKeys();
              useKey(k.id);
              notice(t('keyCreated', { did: k.did }));
            }),
          }, t('generateButton', { type }))))),
    h('section', { class: 'panel' },
      h('h3', { text: t('importTitle') }),
      h('p', { class: 'hint', text: t('importIntro') }),
      h('label', { for: 'import-text', text: t('importText') }), text,
      h('label', { for: 'import-file', text: t('importFile') }), file,
      h('label', { for: 'import-passphrase', text: t('importPassphrase') }), pass,
      h('div', { class: 'actions' },
        h('button', {
          type: 'button',
          id: 'import-button',
          onclick: (ev) => busy(ev.currentTarget, async () => {
            const k = await importExport(text.value, pass.value);
            state.importForm = { text: '', passphrase: '' };
            await reloadKeys();
            useKey(k.id);
            notice(t('keyImportedDone', { did: k.did }));
          }),
        }, t('importButton')))),
  ];
}

// ---- sign-in ----

function sessionOf(key) {
  let s = state.sessions.get(key.id);
  if (!s) {
    s = new Session(key);
    state.sessions.set(key.id, s);
  }
  return s;
}

function signedIn(key) {
  const s = state.sessions.get(key.id);
  return Boolean(s && s.token);
}

function identity(onSignedIn) {
  const key = activeKey();
  if (!key) {
    return h('section', { class: 'panel' },
      h('p', { text: t('needKey') }),
      h('a', { class: 'button', href: '#/keys' }, t('navKeys')));
  }
  const ok = signedIn(key);
  return h('section', { class: 'panel identity' },
    h('div', { class: 'row' },
      h('span', { class: 'label', text: t('yourDid') }),
      ok ? h('span', { class: 'badge given', 'data-testid': 'signed-in', text: t('signedIn') }) : null),
    h('code', { class: 'did', text: key.did }),
    ok ? null : h('div', { class: 'actions' },
      h('button', {
        type: 'button',
        id: 'sign-in',
        onclick: (ev) => busy(ev.currentTarget, async () => {
          await sessionOf(key).signIn();
          await onSignedIn();
          render();
        }),
      }, t('signIn'))));
}

// ---- my consents ----

async function loadConsents() {
  const session = sessionOf(activeKey());
  const all = [];
  for (let page = 0; page < 20; page++) {
    const answer = await session.call('GET', `/consents?page=${page}&size=100`);
    all.push(...answer.consents);
    if (answer.consents.length < 100) break;
  }
  state.consents = all;
}

const STATUS_CLASS = { ConsentGiven: 'given', ConsentWithdrawn: 'withdrawn', ConsentExpired: 'expired', pending: 'pending', rejected: 'rejected' };

function statusBadge(c) {
  let key = `status_${c.status}`;
  if (c.status === 'ConsentGiven' && c.revocation && c.revocation.status === 'pending') key = 'status_withdrawing';
  return h('span', { class: `badge ${STATUS_CLASS[c.status] || ''}`, 'data-testid': 'status', 'data-status': c.status, text: t(key) });
}

function terms(c) {
  const vc = c.credential ? jwsPayload(c.credential) : null;
  const s = (vc && vc.credentialSubject) || {};
  return {
    provider: (s.provider && s.provider.name) || short(c.provider),
    recipient: (s.recipient && s.recipient.name) || short(c.recipient),
    purposes: (s.purposes || []).map((p) => p.purpose).filter(Boolean),
    categories: (s.dataCategories || []).map((d) => category(d.category)),
  };
}

async function withdraw(c) {
  const key = activeKey();
  const revocation = await signJws(key, 'consent-revocation+jwt', {
    consentId: c.consentId,
    credentialHash: c.credentialHash,
    reason: 'withdrawn',
    subject: key.did,
  });
  const accepted = await call('POST', `/consents/${encodeURIComponent(c.consentId)}/revocation`, { body: { revocation } });
  Object.assign(c, accepted);
  state.confirming = null;
  render();
  // The ledger commits within a second or two: follow the status until it changes.
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const now = await call('GET', `/consents/${encodeURIComponent(c.consentId)}`);
    Object.assign(c, now);
    if (now.status !== 'ConsentGiven' || (now.revocation && now.revocation.status === 'rejected')) break;
    render();
    await new Promise((r) => setTimeout(r, 150));
  }
  if (c.status === 'ConsentWithdrawn') {
    notice(t('withdrawnDone'));
  } else if (c.revocation && c.revocation.status === 'rejected') {
    state.message = { kind: 'error', text: errorSentence(c.revocation.code, 422), code: c.revocation.code };
    render();
  } else {
    notice(t('withdrawWaiting'));
  }
}

async function loadReceipts(c) {
  const answer = await sessionOf(activeKey()).call('GET', `/consents/${encodeURIComponent(c.consentId)}/receipts?size=500`);
  state.receipts.set(c.consentId, answer.receipts);
}

function timeline(c) {
  const receipts = state.receipts.get(c.consentId);
  if (!receipts) return h('p', { class: 'hint', text: t('loading') });
  const items = [];
  // The status names the block of the consent's latest change: the anchor's only while given.
  const given = c.status === 'ConsentGiven' || c.status === 'ConsentExpired';
  items.push({ time: c.validFrom, kind: 'given', title: t('tlGiven'), detail: given && c.blockNumber != null ? t('tlBlock', { block: c.blockNumber }) : '' });
  for (const r of receipts) {
    items.push({
      time: r.recordedAt,
      kind: 'receipt',
      title: t('tlReceipt', { recipient: terms(c).recipient, provider: terms(c).provider }),
      what: r.categories.map(category).join(', '),
      detail: t('tlBlock', { block: r.blockNumber ?? '—' }),
    });
  }
  if (c.status === 'ConsentWithdrawn') {
    items.push({ time: c.updatedAt, kind: 'withdrawn', title: t('tlWithdrawn'), detail: c.blockNumber != null ? t('tlBlock', { block: c.blockNumber }) : '' });
  }
  return h('div', { class: 'timeline-box', 'data-testid': 'timeline' },
    h('h4', { text: t('tlTitle') }),
    receipts.length === 0 ? h('p', { class: 'hint', text: t('tlNoReceipts') }) : null,
    h('ol', { class: 'timeline' },
      items.map((i) =>
        h('li', { class: `tl ${i.kind}`, 'data-kind': i.kind },
          h('time', { datetime: i.time, text: formatTime(i.time) }),
          h('div', { class: 'tl-title', text: i.title }),
          i.what ? h('div', { class: 'tl-what', text: i.what }) : null,
          i.detail ? h('div', { class: 'tl-detail', text: i.detail }) : null))));
}

function consentCard(c) {
  const x = terms(c);
  const open = state.open.has(c.consentId);
  const canWithdraw = c.status === 'ConsentGiven' && !(c.revocation && c.revocation.status === 'pending');
  return h('li', { class: 'card consent', 'data-testid': 'consent', 'data-consent-id': c.consentId },
    h('div', { class: 'row' }, h('strong', { class: 'parties', text: t('flow', x) }), statusBadge(c)),
    x.purposes.length ? h('div', { class: 'line' }, h('span', { class: 'label', text: t('purpose') }), x.purposes.join(', ')) : null,
    x.categories.length ? h('div', { class: 'line' }, h('span', { class: 'label', text: t('data') }), x.categories.join(', ')) : null,
    h('div', { class: 'line' }, h('span', { class: 'label', text: t('validity') }), `${formatTime(c.validFrom)} – ${formatTime(c.validUntil)}`),
    h('div', { class: 'line small' }, h('span', { class: 'label', text: t('ledger') }),
      c.blockNumber != null ? t('tlBlock', { block: c.blockNumber }) : t('notYetOnLedger')),
    c.credentialErased ? h('p', { class: 'hint', text: t('credentialErased') }) : null,
    h('div', { class: 'actions' },
      h('button', {
        type: 'button',
        class: 'secondary',
        'data-testid': 'open-timeline',
        'aria-expanded': open ? 'true' : 'false',
        onclick: (ev) => busy(ev.currentTarget, async () => {
          if (open) {
            state.open.delete(c.consentId);
          } else {
            state.open.add(c.consentId);
            await loadReceipts(c);
          }
          render();
        }),
      }, t(open ? 'hideTimeline' : 'showTimeline')),
      canWithdraw && state.confirming !== c.consentId
        ? h('button', { type: 'button', class: 'danger', 'data-testid': 'withdraw', onclick: () => { state.confirming = c.consentId; render(); } }, t('withdraw'))
        : null),
    state.confirming === c.consentId
      ? h('div', { class: 'confirm', role: 'alertdialog' },
          h('p', { text: t('withdrawConfirm', x) }),
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'danger', 'data-testid': 'withdraw-confirm', onclick: (ev) => busy(ev.currentTarget, () => withdraw(c)) }, t('withdrawYes')),
            h('button', { type: 'button', class: 'secondary', onclick: () => { state.confirming = null; render(); } }, t('cancel'))))
      : null,
    open ? timeline(c) : null);
}

function consentsView() {
  const key = activeKey();
  const out = [h('h2', { text: t('consentsTitle') }), h('p', { class: 'hint', text: t('consentsIntro') }), identity(loadConsents)];
  if (key && signedIn(key) && !state.consents) {
    out.push(h('p', { class: 'hint', text: t('loading') }));
    setTimeout(() => run(loadConsents), 0);
  }
  if (key && signedIn(key) && state.consents) {
    out.push(
      h('div', { class: 'row' },
        h('h3', { text: t('consentsCount', { n: state.consents.length }) }),
        h('button', { type: 'button', class: 'secondary', id: 'refresh', onclick: (ev) => busy(ev.currentTarget, async () => { await loadConsents(); for (const id of state.open) { const c = state.consents.find((x) => x.consentId === id); if (c) await loadReceipts(c); } render(); }) }, t('refresh'))),
      state.consents.length
        ? h('ul', { class: 'cards' }, state.consents.map(consentCard))
        : h('p', { class: 'empty', text: t('consentsNone') }));
  }
  return out;
}

// ---- audit ----

function kindOf(query) {
  if (/^[0-9a-f]{64}$/.test(query)) return 'transaction';
  if (/^did:[a-z0-9]+:.+$/.test(query)) return 'party';
  if (query) return 'consent';
  return null;
}

async function lookUp() {
  const session = sessionOf(activeKey());
  const q = state.audit.query.trim();
  const kind = kindOf(q);
  if (!kind) throw new PageError('errQueryEmpty');
  state.audit.checks.clear();
  if (kind === 'transaction') {
    state.audit.result = { kind, txId: q };
    await checkBlock(q);
    return;
  }
  if (kind === 'consent') {
    const history = await session.call('GET', `/audit/consents/${encodeURIComponent(q)}/history?size=500`);
    state.audit.result = { kind, history };
    return;
  }
  const params = new URLSearchParams({ size: '100' });
  if (state.audit.from) params.set('from', new Date(state.audit.from).toISOString());
  if (state.audit.to) params.set('to', new Date(state.audit.to).toISOString());
  const history = await session.call('GET', `/audit/parties/${encodeURIComponent(q)}/history?${params}`);
  state.audit.result = { kind, history, params };
}

async function checkBlock(txId) {
  const proof = await sessionOf(activeKey()).call('GET', `/audit/transactions/${txId}/proof`);
  state.audit.checks.set(txId, { proof, result: await checkProof(proof) });
}

async function exportCsv() {
  const r = state.audit.result;
  const session = sessionOf(activeKey());
  let path;
  let name;
  if (r.kind === 'consent') {
    path = `/audit/consents/${encodeURIComponent(r.history.consentId)}/history?format=csv&size=500`;
    name = `consent-history-${r.history.consentId.replace(/[^A-Za-z0-9-]/g, '_')}.csv`;
  } else {
    const p = new URLSearchParams(r.params);
    p.set('format', 'csv');
    path = `/audit/parties/${encodeURIComponent(r.history.did)}/history?${p}`;
    name = `party-history-${r.history.did.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 60)}.csv`;
  }
  const csv = await session.call('GET', path, { accept: 'text/csv' });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function proofBox(txId) {
  const c = state.audit.checks.get(txId);
  if (!c) return null;
  const { proof, result } = c;
  if (result.unreadable) {
    return h('div', { class: 'proof bad', 'data-testid': 'proof', 'data-verdict': 'mismatch' }, h('strong', { text: t('proofUnreadable') }));
  }
  const line = (ok, text) => h('li', { class: ok ? 'ok' : 'bad' }, `${ok ? '✓' : '✗'} ${text}`);
  const k = result.checks;
  return h('div', { class: `proof ${result.ok ? 'ok' : 'bad'}`, 'data-testid': 'proof', 'data-verdict': result.ok ? 'match' : 'mismatch' },
    h('strong', { text: t(result.ok ? 'proofOk' : 'proofBad', { block: proof.blockNumber }) }),
    h('ul', {},
      line(k.transaction.ok, k.transaction.ok ? t('proofTx', { index: k.transaction.index + 1, n: result.entries }) : t('proofTxMissing')),
      line(k.dataHash.ok, t(k.dataHash.ok ? 'proofDataOk' : 'proofDataBad')),
      line(k.headerHash.ok, t(k.headerHash.ok ? (k.headerHash.next ? 'proofHeaderOk' : 'proofHeaderOkNewest') : 'proofHeaderBad')),
      line(k.blockNumber.ok, t('proofNumber', { block: k.blockNumber.value }))),
    h('details', {},
      h('summary', { text: t('proofHashes') }),
      h('dl', { class: 'hashes' },
        h('dt', { text: t('hashComputedData') }), h('dd', {}, h('code', { text: k.dataHash.computed })),
        h('dt', { text: t('hashRecordedData') }), h('dd', {}, h('code', { text: k.dataHash.recorded })),
        h('dt', { text: t('hashComputedHeader') }), h('dd', {}, h('code', { text: k.headerHash.computed })),
        h('dt', { text: t('hashNext') }), h('dd', {}, h('code', { text: k.headerHash.next || t('hashNewest') })))));
}

function checkButton(txId) {
  return h('button', {
    type: 'button',
    class: 'secondary',
    'data-testid': 'check-block',
    'data-tx': txId,
    onclick: (ev) => busy(ev.currentTarget, async () => { await checkBlock(txId); render(); }),
  }, t('checkBlock'));
}

const EVENT_KEY = { anchored: 'evAnchored', revoked: 'evRevoked', updated: 'evUpdated', receipt: 'evReceipt' };

function historyEntry(e) {
  return h('li', { class: `tl ${e.event}`, 'data-testid': 'history-entry', 'data-event': e.event },
    h('time', { datetime: e.timestamp, text: formatTime(e.timestamp) }),
    h('div', { class: 'tl-title', text: t(EVENT_KEY[e.event] || 'evOther') }),
    e.categories ? h('div', { class: 'tl-what', text: e.categories.map(category).join(', ') }) : null,
    h('div', { class: 'tl-detail' }, t('tlBlock', { block: e.blockNumber }), ' · ', h('code', { title: e.transactionId, text: short(e.transactionId) })),
    h('div', { class: 'tl-detail' }, h('span', { class: 'label', text: t('signers') }), ...(e.signers || []).map((s) => h('code', { class: 'did', text: s }))),
    h('div', { class: 'actions' }, checkButton(e.transactionId)),
    proofBox(e.transactionId));
}

function auditResult() {
  const r = state.audit.result;
  if (!r) return null;
  if (r.kind === 'transaction') {
    return h('section', { class: 'panel', 'data-testid': 'audit-result' }, h('h3', { text: t('auditTx') }), h('code', { class: 'did', text: r.txId }), proofBox(r.txId));
  }
  const csv = h('button', { type: 'button', class: 'secondary', id: 'export-csv', onclick: (ev) => busy(ev.currentTarget, exportCsv) }, t('exportCsv'));
  if (r.kind === 'consent') {
    const x = r.history;
    return h('section', { class: 'panel', 'data-testid': 'audit-result' },
      h('div', { class: 'row' }, h('h3', { text: t('auditConsent') }), csv),
      h('code', { class: 'did', text: x.consentId }),
      h('dl', { class: 'facts' },
        h('dt', { text: t('status') }), h('dd', {}, statusBadge({ status: x.status })),
        h('dt', { text: t('subject') }), h('dd', {}, h('code', { class: 'did', text: x.subject })),
        h('dt', { text: t('provider') }), h('dd', {}, h('code', { class: 'did', text: x.provider })),
        h('dt', { text: t('recipient') }), h('dd', {}, h('code', { class: 'did', text: x.recipient }))),
      h('h4', { text: t('auditHistory', { n: x.total }) }),
      h('ol', { class: 'timeline' }, x.entries.map(historyEntry)));
  }
  const x = r.history;
  return h('section', { class: 'panel', 'data-testid': 'audit-result' },
    h('div', { class: 'row' }, h('h3', { text: t('auditParty') }), csv),
    h('code', { class: 'did', text: x.did }),
    h('p', { class: 'hint', text: t('auditPartyCount', { n: x.total }) }),
    h('ul', { class: 'cards' },
      x.consents.map((c) =>
        h('li', { class: 'card' },
          h('div', { class: 'row' }, h('code', { text: short(c.consentId), title: c.consentId }), statusBadge(c)),
          h('div', { class: 'line small' }, h('span', { class: 'label', text: t('roles') }), (c.roles || []).map((role) => t(`role_${role}`)).join(', ')),
          h('div', { class: 'line small' }, c.blockNumber != null ? t('tlBlock', { block: c.blockNumber }) : t('notYetOnLedger')),
          h('ol', { class: 'timeline' },
            (c.receipts || []).map((rc) =>
              h('li', { class: 'tl receipt' },
                h('time', { datetime: rc.recordedAt, text: formatTime(rc.recordedAt) }),
                h('div', { class: 'tl-title', text: t('evReceipt') }),
                h('div', { class: 'tl-what', text: rc.categories.map(category).join(', ') }),
                rc.transactionId ? h('div', { class: 'actions' }, checkButton(rc.transactionId)) : null,
                rc.transactionId ? proofBox(rc.transactionId) : null))),
          c.transactionId ? h('div', { class: 'actions' }, h('button', { type: 'button', class: 'link', onclick: () => { state.audit.query = c.consentId; run(lookUp); } }, t('openHistory'))) : null))));
}

async function run(work) {
  try {
    state.message = null;
    await work();
  } catch (e) {
    showError(e);
    return;
  }
  render();
}

function auditView() {
  const key = activeKey();
  const out = [h('h2', { text: t('auditTitle') }), h('p', { class: 'hint', text: t('auditIntro') }), identity(async () => {})];
  if (key && signedIn(key)) {
    const query = h('input', { id: 'audit-query', type: 'text', value: state.audit.query, autocomplete: 'off', spellcheck: 'false', placeholder: t('auditPlaceholder') });
    const from = h('input', { id: 'audit-from', type: 'datetime-local', value: state.audit.from });
    const to = h('input', { id: 'audit-to', type: 'datetime-local', value: state.audit.to });
    const submit = h('button', { type: 'submit', id: 'audit-lookup' }, t('lookUp'));
    const form = h('form', { class: 'panel', onsubmit: (ev) => {
      ev.preventDefault();
      state.audit.query = query.value.trim();
      state.audit.from = from.value;
      state.audit.to = to.value;
      busy(submit, async () => { await lookUp(); render(); });
    } },
      h('label', { for: 'audit-query', text: t('auditQuery') }), query,
      h('details', {}, h('summary', { text: t('auditRange') }),
        h('label', { for: 'audit-from', text: t('from') }), from,
        h('label', { for: 'audit-to', text: t('to') }), to),
      h('div', { class: 'actions' }, submit));
    out.push(form, auditResult());
  }
  return out;
}

// ---- shell ----

function route() {
  const r = location.hash.replace(/^#\/?/, '');
  return ['consents', 'audit', 'keys'].includes(r) ? r : 'consents';
}

export function render() {
  document.documentElement.lang = document.documentElement.dataset.lang;
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const r = route();
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.route === r) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  for (const b of document.querySelectorAll('.lang button')) b.setAttribute('aria-pressed', b.dataset.lang === document.documentElement.dataset.lang ? 'true' : 'false');
  const view = r === 'keys' ? keysView() : r === 'audit' ? auditView() : consentsView();
  main().replaceChildren(...[messageBox(), ...view].filter(Boolean));
}

async function start() {
  setLanguage(initialLanguage());
  for (const b of document.querySelectorAll('.lang button')) {
    b.addEventListener('click', () => {
      setLanguage(b.dataset.lang);
      render();
    });
  }
  window.addEventListener('hashchange', () => {
    state.message = null;
    render();
  });
  if (!globalThis.crypto || !crypto.subtle || !globalThis.indexedDB) {
    state.message = { kind: 'error', text: t('errNoCrypto'), code: 'NO_CRYPTO' };
  } else {
    try {
      await reloadKeys();
    } catch (e) {
      state.message = { kind: 'error', text: errorFor(e), code: 'STORAGE' };
    }
  }
  render();
  document.body.dataset.ready = 'true';
}

start();
