// SPDX-License-Identifier: Apache-2.0
// Issue 14, part 3: `@sd-jwt/sd-jwt-vc`, an implementation independent of ours, as the holder's
// wallet: it makes the key-binding presentation (SD-JWT+KB) of an SD-JWT VC our SDK issued for an
// anchored consent, for consent-service's POST /verifications to check.
// Input (stdin): {"sdJwt": "<issuer-signed JWT>~<Disclosure>~...~", "holderJwk": <the holder's
// private Ed25519 JWK, the credential's cnf.jwk>, "audience", "nonce", "disclose": [<names of
// credentialSubject.dataSubject claims to disclose>]}.
// Output: {"presentation": "<issuer-signed JWT>~<chosen Disclosures>~<KB-JWT>"}.
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { stdinJson } from './lib.mjs';

const input = await stdinJson();
const hasher = (data, alg) => {
  if (alg !== 'sha-256') throw new Error(`unsupported _sd_alg ${alg}`);
  return new Uint8Array(createHash('sha256').update(data).digest());
};
const holderKey = createPrivateKey({ key: input.holderJwk, format: 'jwk' });
const wallet = new SDJwtVcInstance({
  hasher,
  kbSigner: (data) => Buffer.from(sign(null, Buffer.from(data), holderKey)).toString('base64url'),
  kbSignAlg: 'EdDSA',
});
const dataSubject = Object.fromEntries(input.disclose.map((name) => [name, true]));
const presentation = await wallet.present(
  input.sdJwt,
  { credentialSubject: { dataSubject } },
  {
    kb: {
      payload: { iat: Math.floor(Date.now() / 1000), aud: input.audience, nonce: input.nonce },
    },
  },
);
process.stdout.write(JSON.stringify({ presentation }));
