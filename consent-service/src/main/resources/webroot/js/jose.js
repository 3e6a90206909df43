// SPDX-License-Identifier: Apache-2.0
// Encodings, compact JWS signing, the JWE of a consent-wallet key export and did:key, on WebCrypto.

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A failure with a message key of i18n.js. */
export class PageError extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

export const utf8 = (text) => encoder.encode(text);
export const fromUtf8 = (bytes) => decoder.decode(bytes);

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

export function b64u(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64u(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new PageError('errBase64');
  let s = text.replace(/-/g, '+').replace(/_/g, '/');
  while (s.length % 4) s += '=';
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

export function fromB64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256(bytes) {
  return new Uint8Array(await subtle.digest('SHA-256', bytes));
}

/** JSON with members sorted at every level, as the protocol's own writers do. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The WebCrypto algorithm of a key type ('Ed25519' or 'P-256'). */
export function algorithmOf(type) {
  if (type === 'Ed25519') return { name: 'Ed25519' };
  if (type === 'P-256') return { name: 'ECDSA', namedCurve: 'P-256' };
  throw new PageError('errKeyType');
}

/** The JWS alg of a key type. */
export const jwsAlg = (type) => (type === 'Ed25519' ? 'EdDSA' : 'ES256');

/**
 * A compact JWS over the JSON payload, signed in the browser with a (non-extractable) key. ECDSA
 * signatures from WebCrypto are already R || S, as JWS wants them (RFC 7518 §3.4).
 */
export async function signJws(key, typ, payload) {
  const header = { alg: jwsAlg(key.type), kid: key.kid, typ };
  const input = `${b64u(utf8(canonicalJson(header)))}.${b64u(utf8(canonicalJson(payload)))}`;
  const params = key.type === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };
  const signature = new Uint8Array(await subtle.sign(params, key.privateKey, utf8(input)));
  return `${input}.${b64u(signature)}`;
}

/** The payload of a compact JWS, or null when it is not one. */
export function jwsPayload(jws) {
  try {
    const parts = jws.split('.');
    return parts.length === 3 ? JSON.parse(fromUtf8(fromB64u(parts[1]))) : null;
  } catch {
    return null;
  }
}

const JWE_ALG = 'PBES2-HS512+A256KW';
const JWE_ENC = 'A256GCM';

/**
 * Decrypts a compact JWE made by `consent-wallet keys export --private` with a passphrase
 * (alg PBES2-HS512+A256KW, enc A256GCM; RFC 7516, RFC 7518 §4.8): PBKDF2-SHA-512 over the
 * passphrase and the salt (alg, a zero byte, p2s) gives the AES key wrap key, which unwraps the
 * content key, which decrypts with AES-GCM over the protected header as additional data.
 */
export async function decryptJwe(compact, passphrase) {
  const parts = compact.trim().split('.');
  if (parts.length !== 5) throw new PageError('errJweShape');
  let header;
  try {
    header = JSON.parse(fromUtf8(fromB64u(parts[0])));
  } catch {
    throw new PageError('errJweShape');
  }
  if (header.alg !== JWE_ALG || header.enc !== JWE_ENC || header.zip !== undefined || header.crit !== undefined) {
    throw new PageError('errJweAlg', { alg: String(header.alg), enc: String(header.enc) });
  }
  const p2c = header.p2c;
  if (!Number.isInteger(p2c) || p2c < 1000 || p2c > 10000000 || typeof header.p2s !== 'string') {
    throw new PageError('errJweShape');
  }
  if (!passphrase) throw new PageError('errPassphraseMissing');
  const salt = concat(utf8(JWE_ALG), new Uint8Array([0]), fromB64u(header.p2s));
  const base = await subtle.importKey('raw', utf8(passphrase), 'PBKDF2', false, ['deriveKey']);
  const kek = await subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-512', salt, iterations: p2c },
    base,
    { name: 'AES-KW', length: 256 },
    false,
    ['unwrapKey'],
  );
  let cek;
  try {
    cek = await subtle.unwrapKey('raw', fromB64u(parts[1]), kek, 'AES-KW', { name: 'AES-GCM' }, false, ['decrypt']);
  } catch {
    throw new PageError('errPassphrase');
  }
  try {
    const plain = await subtle.decrypt(
      { name: 'AES-GCM', iv: fromB64u(parts[2]), additionalData: utf8(parts[0]), tagLength: 128 },
      cek,
      concat(fromB64u(parts[3]), fromB64u(parts[4])),
    );
    return fromUtf8(new Uint8Array(plain));
  } catch {
    throw new PageError('errJweDamaged');
  }
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btc(bytes) {
  const digits = [0];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i] << 8;
      digits[i] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = '';
  for (const b of bytes) {
    if (b !== 0) break;
    out += '1';
  }
  for (let i = digits.length - 1; i >= 0; i--) out += BASE58[digits[i]];
  return out;
}

/**
 * The did:key of a public key (multicodec ed25519-pub 0xed or p256-pub 0x1200 with the compressed
 * point, base58btc) and the DID URL of its one verification method.
 */
export async function didKeyOf(publicKey, type) {
  const raw = new Uint8Array(await subtle.exportKey('raw', publicKey));
  let body;
  if (type === 'Ed25519') {
    body = concat(new Uint8Array([0xed, 0x01]), raw);
  } else {
    const x = raw.slice(1, 33);
    const prefix = raw[64] & 1 ? 0x03 : 0x02;
    body = concat(new Uint8Array([0x80, 0x24, prefix]), x);
  }
  const id = `z${base58btc(body)}`;
  return { did: `did:key:${id}`, kid: `did:key:${id}#${id}` };
}
