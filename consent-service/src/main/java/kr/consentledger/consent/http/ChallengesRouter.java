/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;
import kr.consentledger.consent.core.DidAuthenticator;

/** The {@code /auth/challenges} resource: DID-auth challenges (§7). */
final class ChallengesRouter {
  private final DidAuthenticator authenticator;

  ChallengesRouter(DidAuthenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("issueChallenge").addHandler(this::issue);
  }

  private void issue(RoutingContext ctx) {
    authenticator
        .issue(ConsentsRouter.body(ctx).getString("did"))
        .onSuccess(
            c ->
                ConsentsRouter.json(
                    ctx,
                    201,
                    new JsonObject()
                        .put("challenge", c.value())
                        .put("expiresAt", c.expiresAt().toString())))
        .onFailure(ctx::fail);
  }
}
