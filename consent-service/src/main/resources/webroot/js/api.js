// SPDX-License-Identifier: Apache-2.0
// Calls to consent-service (same origin), its problem+json errors, and DID-auth sessions
// (CONSENT-PROTOCOL.md §7: a challenge, then a didauth+jwt signed in the browser).

import { signJws } from './jose.js';

/** An API answer that is an error: the problem's code and status (shown as a sentence). */
export class ApiError extends Error {
  constructor(status, code, detail) {
    super(code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** Any call; the JSON answer, the text of a CSV, or null for 204. */
export async function call(method, path, { body, token, accept } = {}) {
  const headers = { Accept: accept || 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `DIDAuth ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'NETWORK');
  }
  if (!response.ok) {
    let problem = {};
    try {
      problem = await response.json();
    } catch {
      // not problem+json: the status decides the sentence
    }
    throw new ApiError(response.status, typeof problem.code === 'string' ? problem.code : null, problem.detail);
  }
  if (response.status === 204) return null;
  return accept === 'text/csv' ? response.text() : response.json();
}

const TOKEN_SECONDS = 300;

/** A signed-in DID: tokens made from fresh challenges, renewed before they expire. */
export class Session {
  constructor(key) {
    this.key = key;
    this.token = null;
    this.expires = 0;
  }

  get did() {
    return this.key.did;
  }

  async signIn() {
    const { challenge } = await call('POST', '/auth/challenges', { body: { did: this.key.did } });
    const iat = Math.floor(Date.now() / 1000);
    this.token = await signJws(this.key, 'didauth+jwt', {
      aud: 'consent-service',
      challenge,
      exp: iat + TOKEN_SECONDS,
      iat,
      iss: this.key.did,
    });
    this.expires = iat + TOKEN_SECONDS;
    // The token is checked on first use: ask for something harmless with it.
    await call('GET', '/consents?page=0&size=1', { token: this.token });
  }

  /** A call with this DID's token; a fresh token when it is about to expire or was refused. */
  async call(method, path, options = {}) {
    if (!this.token || this.expires - Date.now() / 1000 < 30) await this.signIn();
    try {
      return await call(method, path, { ...options, token: this.token });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        await this.signIn();
        return call(method, path, { ...options, token: this.token });
      }
      throw e;
    }
  }
}
