/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import kr.consentledger.consent.testing.ApiFixture;
import org.junit.jupiter.api.Test;

/**
 * consent-service's HTTP served on several event loops (CONSENT_EVENT_LOOPS): one router per loop,
 * one edge for the process. Each request below opens a connection of its own, and Vert.x hands new
 * connections to the loops in turn, so a burst is spread over every loop.
 */
class ConsentEventLoopsTest {
  static final String UNKNOWN = RateLimitApiTest.UNKNOWN;

  static List<Integer> statuses(ApiFixture f, String path, String authorization, int count)
      throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpClient fresh = HttpClient.newHttpClient();
      HttpRequest.Builder request = HttpRequest.newBuilder(f.uri(path)).GET();
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> r = fresh.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429) {
        RateLimitApiTest.assertRateLimited(r);
      }
      statuses.add(r.statusCode());
    }
    return statuses;
  }

  @Test
  void a_burst_over_an_address_limit_spread_over_connections_on_three_loops_still_gets_429()
      throws Exception {
    try (ApiFixture f = new ApiFixture(RateLimitApiTest.limits(3, 100), 3)) {
      // One table for the process: three tokens in all, not three on each loop.
      assertThat(statuses(f, UNKNOWN, null, 7)).containsExactly(404, 404, 404, 429, 429, 429, 429);
    }
  }

  @Test
  void a_did_over_its_limit_on_three_loops_still_gets_429() throws Exception {
    try (ApiFixture f = new ApiFixture(RateLimitApiTest.limits(100, 2), 3)) {
      String token = f.didAuth(f.wallet);

      assertThat(statuses(f, "/consents", token, 5)).containsExactly(200, 200, 429, 429, 429);
    }
  }

  @Test
  void with_one_event_loop_the_limits_are_the_same_as_before() throws Exception {
    try (ApiFixture f = new ApiFixture(RateLimitApiTest.limits(3, 100), 1)) {
      assertThat(statuses(f, UNKNOWN, null, 5)).containsExactly(404, 404, 404, 429, 429);
    }
  }
}
