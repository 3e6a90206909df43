// SPDX-License-Identifier: Apache-2.0
// Issue 14, part 3: the consent as an SD-JWT VC (dc+sd-jwt, RFC 9901 with key binding) checked by
// `@sd-jwt/sd-jwt-vc`, an implementation independent of ours.
// Input (stdin): {"ours": [{"name", "presentation", "audience", "nonce"}], "theirs": {"audience",
// "nonce", "consent": <the always-disclosed claims of a consent>}}.
// Output: {"ours": {"<name>": {"verified", "claims"?, "error"?}}, "theirs": {"issued",
// "presentation", "issuer"}}: our presentations verified by the library (issuer key from the
// did:key in `iss`, the KB-JWT with `cnf.jwk`, nonce, sd_hash, and `aud` checked here since the
// library leaves it to the caller), and an SD-JWT VC plus key-binding presentation the library
// made, for our SDK to verify.
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { createHash, generateKeyPairSync, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { stdinJson } from './lib.mjs';

const input = await stdinJson();
const hasher = (data, alg) => {
  if (alg !== 'sha-256') throw new Error(`unsupported _sd_alg ${alg}`);
  return new Uint8Array(createHash('sha256').update(data).digest());
};
const b64u = (b) => Buffer.from(b).toString('base64url');

// did:key (Ed25519, multicodec 0xed01) to a public key, from the did:key specification.
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(text) {
  let n = 0n;
  for (const c of text) {
    const v = B58.indexOf(c);
    if (v < 0) throw new Error('not base58btc');
    n = n * 58n + BigInt(v);
  }
  const bytes = [];
  while (n > 0n) { bytes.unshift(Number(n % 256n)); n /= 256n; }
  for (const c of text) { if (c !== '1') break; bytes.unshift(0); }
  return Buffer.from(bytes);
}
function didKeyEd25519(did) {
  const m = /^did:key:z([1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (!m) throw new Error(`not a did:key: ${did}`);
  const bytes = base58(m[1]);
  if (bytes[0] !== 0xed || bytes[1] !== 0x01 || bytes.length !== 34) throw new Error('not an Ed25519 did:key');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64u(bytes.subarray(2)) }, format: 'jwk' });
}
const ed25519Verify = (key) => (data, sig) => verify(null, Buffer.from(data), key, Buffer.from(sig, 'base64url'));
const ed25519Sign = (key) => (data) => b64u(sign(null, Buffer.from(data), key));
const payloadOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

const out = { ours: {}, theirs: {} };
for (const p of input.ours) {
  try {
    const iss = payloadOf(p.presentation.split('~')[0]).iss;
    const sdjwt = new SDJwtVcInstance({
      hasher,
      verifier: ed25519Verify(didKeyEd25519(iss)),
      kbVerifier: (data, sig, payload) =>
        ed25519Verify(createPublicKey({ key: payload.cnf.jwk, format: 'jwk' }))(data, sig),
    });
    const result = await sdjwt.verify(p.presentation, {
      keyBindingNonce: p.nonce,
      requiredClaimKeys: ['consentId', 'credentialHash', 'vct'],
    });
    if (result.kb.payload.aud !== p.audience) throw new Error(`aud is ${result.kb.payload.aud}`);
    if (result.header.typ !== 'dc+sd-jwt') throw new Error(`typ is ${result.header.typ}`);
    const claims = await sdjwt.getClaims(p.presentation);
    out.ours[p.name] = { verified: true, claims };
  } catch (e) {
    out.ours[p.name] = { verified: false, error: e.message };
  }
}

// Theirs: an issuer did:jwk and a holder key, both made here.
const issuer = generateKeyPairSync('ed25519');
const issuerJwk = issuer.publicKey.export({ format: 'jwk' });
const iss = `did:jwk:${b64u(JSON.stringify({ crv: issuerJwk.crv, kty: issuerJwk.kty, x: issuerJwk.x }))}`;
const holder = generateKeyPairSync('ed25519');
const holderJwk = holder.publicKey.export({ format: 'jwk' });
const now = Math.floor(Date.now() / 1000);
const theirs = new SDJwtVcInstance({
  hasher,
  hashAlg: 'sha-256',
  saltGenerator: () => b64u(randomBytes(16)),
  signer: ed25519Sign(issuer.privateKey),
  signAlg: 'EdDSA',
  kbSigner: ed25519Sign(holder.privateKey),
  kbSignAlg: 'EdDSA',
});
const consent = input.theirs.consent;
const issued = await theirs.issue(
  {
    ...consent,
    iss,
    sub: iss,
    iat: now,
    cnf: { jwk: { kty: holderJwk.kty, crv: holderJwk.crv, x: holderJwk.x } },
    credentialSubject: {
      ...consent.credentialSubject,
      id: iss,
      dataSubject: { id: iss, name: 'Hong Gildong', contact: 'mailto:gd@example.kr' },
    },
  },
  { credentialSubject: { dataSubject: { _sd: ['name', 'contact'] } } },
  { header: { kid: `${iss}#0` } },
);
out.theirs.issued = issued;
out.theirs.issuer = iss;
out.theirs.presentation = await theirs.present(
  issued,
  { credentialSubject: { dataSubject: { name: true } } },
  { kb: { payload: { iat: now, aud: input.theirs.audience, nonce: input.theirs.nonce } } },
);
process.stdout.write(JSON.stringify(out));
