// SPDX-License-Identifier: Apache-2.0
// Issue 14, part 1: reads the consent service's published W3C Bitstring Status Lists with Digital
// Bazaar's @digitalbazaar/vc-bitstring-status-list (its checkStatus over each consent credential),
// the list credential's vc+jwt verified with jose against the operators' DID resolved through our
// resolver. Input (stdin): {"resolver": url, "credentials": {"name": "<consent vc+jwt>", ...}}.
// Output (stdout): one JSON object {"name": {"verified", "status", "statusListIndex"}, ...}.
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import * as jose from 'jose';
import { stdinJson, verifyJose } from './lib.mjs';

const input = await stdinJson();
const lists = new Map();

// The library dereferences statusListCredential through a document loader: ours fetches the list,
// verifies its VC-JOSE-COSE signature with jose (the library only knows Data Integrity proofs, so
// its own proof check is off) and hands over the credential.
async function documentLoader(url) {
  if (!lists.has(url)) {
    const res = await fetch(url, { headers: { accept: 'application/vc+jwt' } });
    if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
    const jws = (await res.text()).trim();
    const { payload } = await verifyJose(jws, {
      resolver: input.resolver, typ: 'vc+jwt', relationship: 'assertionMethod',
    });
    if (payload.id !== url) throw new Error(`list ${payload.id} served at ${url}`);
    lists.set(url, payload);
  }
  return { contextUrl: null, documentUrl: url, document: lists.get(url) };
}

const out = {};
for (const [name, jws] of Object.entries(input.credentials)) {
  const credential = jose.decodeJwt(jws);
  const result = await checkStatus({
    credential,
    documentLoader,
    verifyBitstringStatusListCredential: false,
    // The list's issuer is the network's operators, the consent's its subject (the specification
    // allows them to differ).
    verifyMatchingIssuers: false,
  });
  if (!result.verified) {
    out[name] = { verified: false, error: String(result.error && result.error.message) };
  } else {
    const r = result.results[0];
    out[name] = {
      verified: true,
      status: r.status,
      statusListIndex: r.credentialStatus.statusListIndex,
    };
  }
}
console.log(JSON.stringify(out));
