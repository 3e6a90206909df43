// SPDX-License-Identifier: Apache-2.0
// Issue 14, part 4, the other direction: a credential (vc+jwt) and a presentation (vp+jwt) made by
// `jose` alone, for did:jwk issuers and holders (Ed25519 and P-256), for our SDK to verify.
// Input (stdin): {"audience", "nonce"}. Output: [{"alg", "issuer", "holder", "credential",
// "presentation"}].
import * as jose from 'jose';
import { stdinJson } from './lib.mjs';

const { audience, nonce } = await stdinJson();

async function didJwk(alg, crv) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { crv, extractable: true });
  const jwk = await jose.exportJWK(publicKey);
  const did = `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
  return { did, kid: `${did}#0`, privateKey };
}

const now = Math.floor(Date.now() / 1000);
const out = [];
for (const [alg, crv] of [['EdDSA', 'Ed25519'], ['ES256', 'P-256']]) {
  const issuer = await didJwk(alg, crv);
  const holder = await didJwk(alg, crv);
  const credential = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'ExampleInteropCredential'],
    issuer: issuer.did,
    validFrom: new Date((now - 60) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    validUntil: new Date((now + 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: { id: holder.did, consentCategory: 'health.checkup' },
  }))).setProtectedHeader({ alg, typ: 'vc+jwt', cty: 'vc', kid: issuer.kid }).sign(issuer.privateKey);
  const presentation = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiablePresentation'],
    holder: holder.did,
    aud: audience,
    nonce,
    verifiableCredential: [{
      '@context': 'https://www.w3.org/ns/credentials/v2',
      type: 'EnvelopedVerifiableCredential',
      id: `data:application/vc+jwt,${credential}`,
    }],
  }))).setProtectedHeader({ alg, typ: 'vp+jwt', kid: holder.kid }).sign(holder.privateKey);
  out.push({ alg, issuer: issuer.did, holder: holder.did, credential, presentation });
}
console.log(JSON.stringify(out));
