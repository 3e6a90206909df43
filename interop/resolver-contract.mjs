// SPDX-License-Identifier: Apache-2.0
// Issue 14, part 4: the DIF Universal Resolver driver contract against our did-resolver: GET
// /1.0/identifiers/{did} with the contract's Accept headers, each answer's status and media type,
// and the resolution results' shapes validated by Ajv against the W3C DID Resolution schema
// (schemas/did-resolution.schema.json). Input (stdin): {"resolver", "dids": {"<name>": did}}.
// Output: [{"name", "accept", "status", "contentType", "valid", "errors"}].
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { stdinJson } from './lib.mjs';

const { resolver, dids } = await stdinJson();
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('./schemas/did-resolution.schema.json', import.meta.url))));

const ACCEPTS = [
  'application/did-resolution',
  'application/ld+json;profile="https://w3id.org/did-resolution"',
  'application/did+ld+json',
  'application/did+json',
  '*/*',
];
const out = [];
for (const [name, did] of Object.entries(dids)) {
  for (const accept of ACCEPTS) {
    const res = await fetch(`${resolver}/1.0/identifiers/${encodeURIComponent(did)}`, { headers: { accept } });
    const contentType = res.headers.get('content-type');
    const text = await res.text();
    let body = null;
    try { body = JSON.parse(text); } catch { /* reported below */ }
    const resultShape = contentType && /did-resolution|profile="https:\/\/w3id.org\/did-resolution"/.test(contentType);
    let valid = body !== null;
    let errors = body === null ? ['not JSON'] : [];
    if (body !== null && resultShape) {
      valid = validate(body);
      errors = (validate.errors || []).map((e) => `${e.instancePath} ${e.message}`);
    } else if (body !== null) {
      // A DID document alone: its id is the DID.
      valid = body.id === did;
      if (!valid) errors = [`document id ${body.id}`];
    }
    out.push({ name, accept, status: res.status, contentType, valid, errors, body });
  }
}
console.log(JSON.stringify(out));
