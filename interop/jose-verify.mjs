// SPDX-License-Identifier: Apache-2.0
// Issue 14, part 4: our vc+jwt credentials and vp+jwt presentations verified by implementations
// independent of ours: `jose` (typ, kid resolved through our resolver's HTTP API, signature; for a
// presentation also aud, nonce and every enveloped credential) and `did-jwt` (the signature layer of
// did-jwt-vc, with the verification method our resolver gave); `did-jwt-vc`'s verifyCredential is
// run too and its answer reported (it implements the VC Data Model 1.1 JWT encoding).
// Input (stdin): {"resolver", "credentials": [{"name", "jws"}], "presentations": [{"name", "jws",
// "audience", "nonce"}]}. Output: {"<name>": {"jose", "didJwt", "didJwtVc", "error"?}}.
import { verifyJWS } from 'did-jwt';
import { verifyCredential } from 'did-jwt-vc';
import { Resolver } from 'did-resolver';
import * as jose from 'jose';
import { keyOf, resolveDid, stdinJson, verifyJose } from './lib.mjs';

const input = await stdinJson();
const ENVELOPE = 'data:application/vc+jwt,';

// did-resolver's Resolver over our resolver's HTTP API, for did-jwt-vc.
const resolver = new Resolver(new Proxy({}, {
  get: () => async (did) => {
    const res = await fetch(`${input.resolver}/1.0/identifiers/${encodeURIComponent(did)}`, {
      headers: { accept: 'application/did-resolution' },
    });
    return res.json();
  },
  has: () => true,
}));

async function didJwt(jws, relationship) {
  const header = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8'));
  const doc = await resolveDid(input.resolver, header.kid.split('#')[0]);
  const jwk = keyOf(doc, header.kid, relationship);
  verifyJWS(jws, [{ id: header.kid, type: 'JsonWebKey2020', controller: doc.id, publicKeyJwk: jwk }]);
  return true;
}

async function didJwtVc(jws) {
  try {
    await verifyCredential(jws, resolver);
    return 'verified';
  } catch (e) {
    return `refused: ${e.message}`;
  }
}

// Each verifier's verdict: true, or the error it gave. jose 6 no longer implements ES256K
// (secp256k1), so those tokens are verified by did-jwt only.
async function verdict(f) {
  try {
    return (await f()) ?? true;
  } catch (e) {
    return `refused: ${e.message}`;
  }
}

async function joseCredential(jws) {
  await verifyJose(jws, { resolver: input.resolver, typ: 'vc+jwt', relationship: 'assertionMethod' });
  return true;
}

async function josePresentation(jws, audience, nonce) {
  const { payload } = await verifyJose(jws, {
    resolver: input.resolver, typ: 'vp+jwt', relationship: 'authentication',
  });
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(audience)) throw new Error(`aud ${payload.aud}`);
  if (payload.nonce !== nonce) throw new Error('nonce');
  const signer = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url')).kid.split('#')[0];
  if (payload.holder !== signer) throw new Error('holder is not the signer');
  const vcs = [].concat(payload.verifiableCredential || []);
  if (vcs.length === 0) throw new Error('no credential');
  for (const vc of vcs) {
    if (vc.type !== 'EnvelopedVerifiableCredential' || !vc.id.startsWith(ENVELOPE)) {
      throw new Error('not an enveloped vc+jwt');
    }
    await joseCredential(vc.id.slice(ENVELOPE.length));
  }
  return true;
}

const out = {};
for (const { name, jws } of input.credentials || []) {
  out[name] = {
    jose: await verdict(() => joseCredential(jws)),
    didJwt: await verdict(() => didJwt(jws, 'assertionMethod')),
    didJwtVc: await didJwtVc(jws),
  };
}
for (const { name, jws, audience, nonce } of input.presentations || []) {
  const vc = jose.decodeJwt(jws).verifiableCredential;
  out[name] = {
    jose: await verdict(() => josePresentation(jws, audience, nonce)),
    didJwt: await verdict(() => didJwt(jws, 'authentication')),
    credentials: [].concat(vc || []).length,
  };
}
console.log(JSON.stringify(out));
