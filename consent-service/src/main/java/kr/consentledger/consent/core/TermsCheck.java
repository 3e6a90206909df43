/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kr.consentledger.consent.ProblemCode;
import kr.consentledger.consent.core.PresentationVerifier.Check;

/**
 * The checks that read only the request, the presentation and the consent's terms, one constant
 * each; none waits for a DID document or the ledger.
 */
enum TermsCheck {
  /** {@code aud} names the provider. */
  AUDIENCE(PresentationVerifier.AUDIENCE) {
    @Override
    Check run(Presented p) {
      String provider = p.request().provider();
      // OpenID4VP: the audience is the full client_id, decentralized_identifier:<provider DID>.
      List<String> audience = p.consent().audience();
      return audience.contains(provider)
              || audience.contains(Oid4vpVerifier.CLIENT_ID_PREFIX + provider)
          ? pass()
          : fail(CheckCode.WRONG_AUDIENCE, "aud " + audience + " does not name " + provider);
    }
  },
  /** Now is within [validFrom, validUntil). */
  VALIDITY(PresentationVerifier.VALIDITY) {
    @Override
    Check run(Presented p) {
      PresentedConsent c = p.consent();
      if (p.now().isBefore(c.validFrom())) {
        return fail(CheckCode.NOT_YET_VALID, "the consent is valid from " + c.validFrom());
      }
      if (!p.now().isBefore(c.validUntil())) {
        return Check.fail(name, ProblemCode.EXPIRED, "the consent expired at " + c.validUntil());
      }
      return pass();
    }
  },
  /** The caller is the consent's provider. */
  PROVIDER(PresentationVerifier.PROVIDER) {
    @Override
    Check run(Presented p) {
      return p.consent().provider().equals(p.request().provider())
          ? pass()
          : fail(CheckCode.WRONG_PROVIDER, "the consent names another provider");
    }
  },
  /** Every category requested is in the consent. */
  CATEGORIES(PresentationVerifier.CATEGORIES) {
    @Override
    Check run(Presented p) {
      List<String> requested = p.request().categories();
      if (requested.isEmpty()) {
        return fail(CheckCode.CATEGORY_NOT_COVERED, "no categories requested");
      }
      Set<String> consented = new HashSet<>(p.consent().categories());
      List<String> missing = requested.stream().filter(x -> !consented.contains(x)).toList();
      return missing.isEmpty()
          ? pass()
          : fail(CheckCode.CATEGORY_NOT_COVERED, "not consented: " + missing);
    }
  },
  /** The purpose requested is a purposeCategory of the consent. */
  PURPOSE(PresentationVerifier.PURPOSE) {
    @Override
    Check run(Presented p) {
      String purpose = p.request().purpose();
      return purpose != null && p.consent().purposeCategories().contains(purpose)
          ? pass()
          : fail(CheckCode.PURPOSE_NOT_COVERED, "purpose " + purpose + " is not consented");
    }
  };

  final String name;

  TermsCheck(String name) {
    this.name = name;
  }

  /**
   * Returns this check's result.
   *
   * @param p what is presented
   * @return this check's result
   */
  abstract Check run(Presented p);

  Check pass() {
    return Check.pass(name);
  }

  Check fail(CheckCode code, String detail) {
    return Check.fail(name, code, detail);
  }
}
