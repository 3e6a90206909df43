// SPDX-License-Identifier: Apache-2.0
// The person's keys, kept in this browser's IndexedDB as non-extractable CryptoKeys: generated here
// (did:key) or imported from a consent-wallet export (a private JWK, plain or in a passphrase JWE).

import { PageError, algorithmOf, decryptJwe, didKeyOf } from './jose.js';

const DB = 'consent-ledger';
const STORE = 'keys';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new PageError('errStorage'));
  });
}

async function transact(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result.result);
      tx.onerror = () => reject(new PageError('errStorage'));
      tx.onabort = () => reject(new PageError('errStorage'));
    });
  } finally {
    db.close();
  }
}

/** Every stored key, oldest first. */
export async function listKeys() {
  const all = await transact('readonly', (s) => s.getAll());
  return all.sort((a, b) => a.created.localeCompare(b.created));
}

export const deleteKey = (id) => transact('readwrite', (s) => s.delete(id));

const save = (record) => transact('readwrite', (s) => s.put(record));

function newId() {
  return globalThis.crypto.randomUUID();
}

/** A new key pair made in this browser; the private key can never leave it. */
export async function generateKey(type) {
  const pair = await crypto.subtle.generateKey(algorithmOf(type), false, ['sign', 'verify']);
  const { did, kid } = await didKeyOf(pair.publicKey, type);
  const record = {
    id: newId(),
    type,
    did,
    kid,
    privateKey: pair.privateKey,
    source: 'generated',
    created: new Date().toISOString(),
  };
  await save(record);
  return record;
}

function typeOf(jwk) {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'Ed25519';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'P-256';
  throw new PageError('errKeyType');
}

function findJwk(value) {
  if (value && typeof value === 'object') {
    if (typeof value.kty === 'string') return value;
    if (value.jwk && typeof value.jwk === 'object') return value.jwk;
    if (Array.isArray(value.keys) && value.keys.length === 1) return value.keys[0];
  }
  throw new PageError('errNotJwk');
}

/**
 * Imports a consent-wallet export: a private JWK (OKP/Ed25519 or EC/P-256 with "d" and "kid" = the
 * DID URL of its verification method) as JSON, or that JSON in a compact JWE encrypted with the
 * export passphrase. Without a kid, a did:key is made from the public key. A did:key kid must be the
 * key's own.
 */
export async function importExport(text, passphrase) {
  const trimmed = (text || '').trim();
  if (!trimmed) throw new PageError('errNothingToImport');
  let json = trimmed;
  if (!trimmed.startsWith('{')) {
    if (trimmed.split('.').length !== 5) throw new PageError('errNotJwk');
    json = await decryptJwe(trimmed, passphrase);
  }
  let parsed;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new PageError('errNotJwk');
  }
  const jwk = findJwk(parsed);
  const type = typeOf(jwk);
  if (typeof jwk.d !== 'string') throw new PageError('errNoPrivate');
  const members = type === 'Ed25519' ? ['kty', 'crv', 'x', 'd'] : ['kty', 'crv', 'x', 'y', 'd'];
  const clean = Object.fromEntries(members.map((m) => [m, jwk[m]]));
  const publicJwk = { ...clean };
  delete publicJwk.d;
  let privateKey;
  let publicKey;
  try {
    privateKey = await crypto.subtle.importKey('jwk', clean, algorithmOf(type), false, ['sign']);
    publicKey = await crypto.subtle.importKey('jwk', publicJwk, algorithmOf(type), true, ['verify']);
  } catch {
    throw new PageError('errBadKey');
  }
  const own = await didKeyOf(publicKey, type);
  let { did, kid } = own;
  if (jwk.kid !== undefined) {
    const match = typeof jwk.kid === 'string' ? /^(did:[a-z0-9]+:[^#]+)#.+$/.exec(jwk.kid) : null;
    if (!match) throw new PageError('errBadKid');
    if (match[1].startsWith('did:key:') && match[1] !== own.did) throw new PageError('errKidNotKey');
    did = match[1];
    kid = jwk.kid;
  }
  const record = {
    id: newId(),
    type,
    did,
    kid,
    privateKey,
    source: 'imported',
    created: new Date().toISOString(),
  };
  await save(record);
  return record;
}
