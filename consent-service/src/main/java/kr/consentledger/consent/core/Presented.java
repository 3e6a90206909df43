/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import java.time.Instant;
import kr.consentledger.consent.RegistryLedger;
import kr.consentledger.wallet.credential.ConsentCredential;
import kr.consentledger.wallet.credential.VerifiablePresentation;

/**
 * What every check of a provider verification reads: the request, the presentation and the consent
 * it carries, the sources of DID documents and ledger state, and the instant judged against.
 *
 * @param request what the provider asks
 * @param vp the parsed presentation
 * @param consent the consent credential it carries
 * @param keys DID resolution and signatures
 * @param ledger participant registry and consent status
 * @param now the instant the validity window is judged against
 */
record Presented(
    PresentationVerifier.Request request,
    VerifiablePresentation vp,
    ConsentCredential consent,
    DidKeys keys,
    RegistryLedger ledger,
    Instant now) {}
