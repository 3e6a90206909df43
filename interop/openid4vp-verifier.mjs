// SPDX-License-Identifier: Apache-2.0
// Issue 14, part 2: `@openid4vc/openid4vp` as the verifier against our SDK's wallet, in two steps.
//
// {"step": "request", "cases": [{"name", "provider", "recipient", "category", "purpose"}]}:
//   a did:jwk verifier (client id `decentralized_identifier:did:jwk:…`) creates one signed
//   authorization request (JAR by value, `request=`) per case, with a DCQL query for the consent.
//   Output: {"verifier": {…state for the second step…}, "cases": {"<name>": {"url", "request"}}}.
// {"step": "verify", "resolver", "verifier", "cases": {"<name>": {"request", "response"}}}:
//   each form body our wallet would post is parsed and validated by the library (state, vp_token
//   shape against the query), the vp+jwt and its credential verified with `jose` (keys resolved
//   through our resolver), aud and nonce compared with the request's, and the presented credential
//   evaluated against the DCQL query with the `dcql` library.
//   Output: {"<name>": {"accepted": true} | {"accepted": false, "reason"}}.
import { setGlobalConfig } from '@openid4vc/oauth2';
import { Openid4vpVerifier } from '@openid4vc/openid4vp';
import { DcqlPresentationResult, DcqlQuery } from 'dcql';
import * as jose from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { stdinJson, verifyJose } from './lib.mjs';

const input = await stdinJson();
setGlobalConfig({ allowInsecureUrls: true });

const unsupported = () => {
  throw new Error('not used by this verifier');
};
const callbacks = (privateKey) => ({
  fetch: globalThis.fetch,
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  generateRandom: (n) => randomBytes(n),
  encryptJwe: unsupported,
  decryptJwe: unsupported,
  verifyJwt: unsupported,
  signJwt: async (signer, { header, payload }) => {
    const jwt = await new jose.SignJWT(payload).setProtectedHeader(header).sign(privateKey);
    return { jwt, signerJwk: signer.publicJwk };
  },
});

function dcqlQuery({ provider, recipient, category, purpose }) {
  const claim = (id, path, value) => ({ id, path: ['credentialSubject', ...path], values: [value] });
  return {
    credentials: [
      {
        id: 'consent',
        format: 'jwt_vc_json',
        meta: { type_values: [['VerifiableCredential', 'ConsentCredential']] },
        require_cryptographic_holder_binding: true,
        claims: [
          claim('provider', ['provider', 'id'], provider),
          claim('recipient', ['recipient', 'id'], recipient),
          claim('category', ['dataCategories', null, 'category'], category),
          claim('purpose', ['purposes', null, 'purposeCategory'], purpose),
        ],
      },
    ],
  };
}

if (input.step === 'request') {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const publicJwk = await jose.exportJWK(publicKey);
  const did = `did:jwk:${Buffer.from(JSON.stringify(publicJwk)).toString('base64url')}`;
  const verifier = new Openid4vpVerifier({ callbacks: callbacks(privateKey) });
  const cases = {};
  for (const c of input.cases) {
    const created = await verifier.createOpenId4vpAuthorizationRequest({
      authorizationRequestPayload: {
        response_type: 'vp_token',
        client_id: `decentralized_identifier:${did}`,
        response_mode: 'direct_post',
        response_uri: `https://verifier.example/openid4vp/${c.name}`,
        nonce: randomBytes(16).toString('base64url'),
        state: randomBytes(16).toString('base64url'),
        dcql_query: dcqlQuery(c),
      },
      jar: {
        jwtSigner: { method: 'did', didUrl: `${did}#0`, alg: 'ES256', publicJwk },
        expiresInSeconds: 600,
      },
    });
    cases[c.name] = {
      url: created.authorizationRequest,
      request: created.authorizationRequestPayload,
    };
  }
  console.log(JSON.stringify({ verifier: { did }, cases }));
} else {
  const verifier = new Openid4vpVerifier({ callbacks: callbacks(null) });
  const out = {};
  for (const [name, { request, response }] of Object.entries(input.cases)) {
    try {
      const form = Object.fromEntries(new URLSearchParams(response));
      if (form.error) throw new Error(`the wallet declined: ${form.error}`);
      if (form.state !== request.state) throw new Error('state is not the request\'s');
      const parsed = await verifier.parseOpenid4vpAuthorizationResponse({
        authorizationResponse: form,
        authorizationRequestPayload: request,
        callbacks: callbacks(null),
      });
      const [vp] = parsed.dcql?.presentations?.consent ?? [];
      if (typeof vp !== 'string') throw new Error('no presentation for the query');
      const presented = await verifyJose(vp, {
        resolver: input.resolver,
        typ: 'vp+jwt',
        relationship: 'authentication',
      });
      if (presented.payload.aud !== request.client_id) throw new Error('aud is not the client id');
      if (presented.payload.nonce !== request.nonce) throw new Error('nonce is not the request\'s');
      const [enveloped] = presented.payload.verifiableCredential;
      const vc = await verifyJose(enveloped.id.replace('data:application/vc+jwt,', ''), {
        resolver: input.resolver,
        typ: 'vc+jwt',
        relationship: 'assertionMethod',
      });
      const query = DcqlQuery.parse(request.dcql_query);
      const result = DcqlPresentationResult.fromDcqlPresentation(
        {
          consent: {
            credential_format: 'jwt_vc_json',
            type: vc.payload.type,
            claims: vc.payload,
            cryptographic_holder_binding: true,
          },
        },
        { dcqlQuery: query },
      );
      if (!result.can_be_satisfied) throw new Error('the credential does not satisfy the query');
      out[name] = { accepted: true };
    } catch (e) {
      out[name] = { accepted: false, reason: String(e.message ?? e) };
    }
  }
  console.log(JSON.stringify(out));
}
