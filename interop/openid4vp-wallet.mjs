// SPDX-License-Identifier: Apache-2.0
// Issue 14, part 2: `@openid4vc/openid4vp` as the wallet against our verifier. It reads the
// provider's openid4vp:// URL, fetches the request object at request_uri and verifies it (the
// `decentralized_identifier:` client id prefix: signed by a key of the provider's DID, resolved
// through our resolver, checked with `jose`), evaluates the DCQL query against the consent with the
// `dcql` library, signs a vp+jwt with `jose` and posts the response (direct_post) to response_uri.
// Input (stdin): {"resolver", "walletUrl", "credential" (the consent's vc+jwt), "holder": {"kid",
// "privateJwk"}, "nonce" (optional: present with this nonce instead of the request's), "sdJwt"
// (optional: the consent's SD-JWT VC, whose cnf is the holder's key: the wallet then answers the
// request's dc+sd-jwt query with `@sd-jwt/sd-jwt-vc`, disclosing nothing personal)}.
// Output: {"clientPrefix", "clientId", "dcqlSatisfied", "status" (HTTP status of the post),
// "presentation"}.
import { setGlobalConfig } from '@openid4vc/oauth2';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { DcqlQuery } from 'dcql';
import * as jose from 'jose';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { keyOf, resolveDid, stdinJson } from './lib.mjs';

const input = await stdinJson();
// The test's services listen on http://127.0.0.1.
setGlobalConfig({ allowInsecureUrls: true });

const unsupported = () => {
  throw new Error('not used by this wallet');
};
const client = new Openid4vpClient({
  callbacks: {
    fetch: globalThis.fetch,
    hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
    generateRandom: (n) => randomBytes(n),
    signJwt: unsupported,
    encryptJwe: unsupported,
    decryptJwe: unsupported,
    verifyJwt: async (signer, { compact, header }) => {
      if (signer.method !== 'did') return { verified: false };
      const doc = await resolveDid(input.resolver, signer.didUrl.split('#')[0]);
      const jwk = keyOf(doc, signer.didUrl, 'authentication');
      try {
        await jose.compactVerify(compact, await jose.importJWK(jwk, header.alg));
        return { verified: true, signerJwk: jwk };
      } catch {
        return { verified: false, signerJwk: jwk };
      }
    },
  },
});

const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: input.walletUrl });
const resolved = await client.resolveOpenId4vpAuthorizationRequest({
  authorizationRequestPayload: parsed.params,
});
const request = resolved.authorizationRequestPayload;

// The consent as the dcql library reads it: a W3C credential (the vc+jwt's payload), or an SD-JWT
// VC (the issuer-signed JWT's payload; every term a provider checks is always disclosed).
const payloadOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const credential = payloadOf(input.credential);
const query = DcqlQuery.parse(resolved.dcql.query);
DcqlQuery.validate(query);
const candidate = input.sdJwt
  ? {
      credential_format: 'dc+sd-jwt',
      vct: payloadOf(input.sdJwt.split('~')[0]).vct,
      claims: payloadOf(input.sdJwt.split('~')[0]),
      cryptographic_holder_binding: true,
    }
  : {
      credential_format: 'jwt_vc_json',
      type: credential.type,
      claims: credential,
      cryptographic_holder_binding: true,
    };
const matched = DcqlQuery.query(query, [candidate]);
const answering = query.credentials.find(
  (q) => q.format === candidate.credential_format,
)?.id;

let vpToken;
let presentation = null;
const nonce = input.nonce ?? request.nonce;
if (matched.can_be_satisfied && input.sdJwt) {
  const holderKey = createPrivateKey({ key: input.holder.privateJwk, format: 'jwk' });
  const sdJwtWallet = new SDJwtVcInstance({
    hasher: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
    kbSigner: (data) => Buffer.from(sign(null, Buffer.from(data), holderKey)).toString('base64url'),
    kbSignAlg: 'EdDSA',
  });
  presentation = await sdJwtWallet.present(input.sdJwt, {}, {
    kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: request.client_id, nonce } },
  });
  vpToken = { [answering]: [presentation] };
} else if (matched.can_be_satisfied) {
  const holder = input.holder;
  const alg = holder.privateJwk.kty === 'OKP' ? 'EdDSA' : 'ES256';
  presentation = await new jose.CompactSign(
    new TextEncoder().encode(
      JSON.stringify({
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        holder: holder.kid.split('#')[0],
        aud: request.client_id,
        nonce,
        verifiableCredential: [
          {
            '@context': 'https://www.w3.org/ns/credentials/v2',
            type: 'EnvelopedVerifiableCredential',
            id: `data:application/vc+jwt,${input.credential}`,
          },
        ],
      }),
    ),
  )
    .setProtectedHeader({ alg, typ: 'vp+jwt', kid: holder.kid })
    .sign(await jose.importJWK(holder.privateJwk, alg));
  vpToken = { [answering]: [presentation] };
}

let status;
if (vpToken) {
  const response = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: { vp_token: vpToken },
  });
  const submitted = await client.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: response.authorizationResponsePayload,
  });
  status = submitted.response.status;
} else {
  // The consent does not satisfy the query: the wallet declines (OpenID4VP 1.0 §8.5).
  const res = await fetch(request.response_uri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ error: 'access_denied', state: request.state }).toString(),
  });
  status = res.status;
}

console.log(
  JSON.stringify({
    clientPrefix: resolved.client.prefix,
    clientId: request.client_id,
    dcqlSatisfied: matched.can_be_satisfied,
    answered: answering,
    status,
    presentation,
  }),
);
