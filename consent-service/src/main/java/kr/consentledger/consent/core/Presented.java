/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import java.time.Instant;
import java.util.Optional;
import kr.consentledger.consent.RegistryLedger;

/**
 * What every check of a provider verification reads: the request, the consent presented (in either
 * form), the sources of DID documents and ledger state, the ledger's record of the consent (read
 * once per verification) and the instant judged against.
 *
 * @param request what the provider asks
 * @param consent the consent presented, a {@code vp+jwt}'s or an SD-JWT VC's
 * @param keys DID resolution and signatures
 * @param ledger participant registry and consent status
 * @param anchored the ledger's record of the consent, or empty when it is not on the ledger
 * @param now the instant the validity window is judged against
 */
record Presented(
    PresentationVerifier.Request request,
    PresentedConsent consent,
    DidKeys keys,
    RegistryLedger ledger,
    Optional<RegistryLedger.LedgerConsent> anchored,
    Instant now) {}
