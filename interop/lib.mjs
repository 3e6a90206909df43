// SPDX-License-Identifier: Apache-2.0
// Shared by the interop checks: DID resolution through our resolver's HTTP API (the DIF Universal
// Resolver driver path) and JOSE verification with `jose`, an implementation independent of ours.
import * as jose from 'jose';

/** Reads all of standard input as JSON. */
export async function stdinJson() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Resolves a DID through `<resolver>/1.0/identifiers/<did>`; returns the DID document. */
export async function resolveDid(resolver, did) {
  const res = await fetch(`${resolver}/1.0/identifiers/${encodeURIComponent(did)}`, {
    headers: { accept: 'application/did-resolution' },
  });
  if (res.status !== 200) throw new Error(`resolving ${did}: HTTP ${res.status}`);
  const result = await res.json();
  if (!result.didDocument) throw new Error(`resolving ${did}: no didDocument`);
  return result.didDocument;
}

/** The public JWK of `kid` (a DID URL) in the document, under the given relationship. */
export function keyOf(doc, kid, relationship) {
  const did = kid.split('#')[0];
  const fragment = '#' + kid.split('#')[1];
  const matches = (ref) => {
    const id = typeof ref === 'string' ? ref : ref.id;
    return id === kid || id === fragment || (id.startsWith('#') && did + id === kid);
  };
  if (!(doc[relationship] || []).some(matches)) {
    throw new Error(`${kid} is not under ${relationship}`);
  }
  const vm = (doc.verificationMethod || []).find(matches)
    || (doc[relationship] || []).find((r) => typeof r === 'object' && matches(r));
  if (!vm) throw new Error(`${kid} not in the document`);
  if (vm.publicKeyJwk) return vm.publicKeyJwk;
  throw new Error(`${kid}: only publicKeyJwk is read here`);
}

/**
 * Verifies a compact JWS with jose: the protected header's `typ`, its `kid` resolved through the
 * resolver and found under `relationship`, and the signature. Returns header and payload.
 */
export async function verifyJose(jws, { resolver, typ, relationship }) {
  const header = jose.decodeProtectedHeader(jws);
  if (header.typ !== typ) throw new Error(`typ ${header.typ}, expected ${typ}`);
  if (!header.kid || !header.kid.includes('#')) throw new Error('no DID URL kid');
  const doc = await resolveDid(resolver, header.kid.split('#')[0]);
  const jwk = keyOf(doc, header.kid, relationship);
  const alg = header.alg === 'Ed25519' ? 'EdDSA' : header.alg;
  const key = await jose.importJWK(jwk, alg);
  const { payload, protectedHeader } = await jose.compactVerify(jws, key, {
    algorithms: ['EdDSA', 'Ed25519', 'ES256', 'ES256K'],
  });
  return { header: protectedHeader, payload: JSON.parse(new TextDecoder().decode(payload)) };
}
