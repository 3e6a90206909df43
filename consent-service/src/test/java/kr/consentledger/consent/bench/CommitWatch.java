/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.consent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import kr.consentledger.network.NetworkInfo;
import kr.consentledger.network.gateway.GatewayConnection;
import kr.consentledger.network.gateway.GatewayTimeouts;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;

/**
 * When each consent and receipt was committed, from the chaincode events of the channel (the
 * fabric-gateway event stream, from the block after the one current when it opens), as the events
 * the contracts already emit: {@code ConsentsChanged} ({@code changes[].consentId}, {@code status})
 * and {@code ReceiptsRecorded} ({@code receipts[].receiptId}). The time is when the event reached
 * this process, so it includes the delivery from the peer.
 */
final class CommitWatch implements AutoCloseable {
  /** One item's commit: when the event arrived, in which transaction and block. */
  record Commit(long nanos, String transactionId, long block) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final GatewayConnection connection;
  private final CloseableIterator<ChaincodeEvent> events;
  private final Thread reader;
  private final Map<String, Commit> given = new ConcurrentHashMap<>();
  private final Map<String, Commit> withdrawn = new ConcurrentHashMap<>();
  private final Map<String, Commit> receipts = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Opens the event stream as org1's client user. */
  CommitWatch(NetworkInfo info) throws Exception {
    connection =
        GatewayConnection.open(info.organization("org1").userEndpoint(), GatewayTimeouts.DEFAULT);
    events =
        connection
            .network(info.channel())
            .newChaincodeEventsRequest(info.chaincode())
            .build()
            .getEvents();
    reader = new Thread(this::read, "bench-commit-watch");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (events.hasNext()) {
        ChaincodeEvent e = events.next();
        long now = System.nanoTime();
        Commit c = new Commit(now, e.getTransactionId(), e.getBlockNumber());
        JsonNode payload = JSON.readTree(e.getPayload());
        if ("ConsentsChanged".equals(e.getEventName())) {
          for (JsonNode change : payload.path("changes")) {
            String status = change.path("status").asText();
            String id = change.path("consentId").asText();
            if ("ConsentGiven".equals(status)) {
              given.putIfAbsent(id, c);
            } else if ("ConsentWithdrawn".equals(status)) {
              withdrawn.putIfAbsent(id, c);
            }
          }
        } else if ("ReceiptsRecorded".equals(e.getEventName())) {
          for (JsonNode r : payload.path("receipts")) {
            receipts.putIfAbsent(r.path("receiptId").asText(), c);
          }
        }
      }
    } catch (Exception e) {
      if (!closed) {
        System.err.println("[bench] the chaincode event stream ended: " + e);
      }
    }
  }

  /** Consents seen as {@code ConsentGiven}. */
  Map<String, Commit> given() {
    return given;
  }

  /** Consents seen as {@code ConsentWithdrawn}. */
  Map<String, Commit> withdrawn() {
    return withdrawn;
  }

  /** Receipts seen recorded. */
  Map<String, Commit> receipts() {
    return receipts;
  }

  /** Waits until every id is in {@code map} or {@code seconds} pass; whether all arrived. */
  static boolean await(Map<String, Commit> map, Set<String> ids, double seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline) {
      if (map.keySet().containsAll(ids)) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return map.keySet().containsAll(ids);
  }

  @Override
  public void close() {
    closed = true;
    try {
      events.close();
    } finally {
      connection.close();
    }
  }
}
