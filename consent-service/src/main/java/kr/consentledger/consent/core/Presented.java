/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import java.time.Instant;
import kr.consentledger.consent.RegistryLedger;

/**
 * What every check of a provider verification reads: the request, the consent presented (in either
 * form), the sources of DID documents and ledger state, and the instant judged against.
 *
 * @param request what the provider asks
 * @param consent the consent presented, a {@code vp+jwt}'s or an SD-JWT VC's
 * @param keys DID resolution and signatures
 * @param ledger participant registry and consent status
 * @param now the instant the validity window is judged against
 */
record Presented(
    PresentationVerifier.Request request,
    PresentedConsent consent,
    DidKeys keys,
    RegistryLedger ledger,
    Instant now) {}
