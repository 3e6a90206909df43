/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * A world state in memory for unit tests: the parts of {@link ChaincodeStub} the contracts use,
 * with a history per key that is returned newest first, as the peer does. Every other stub method
 * throws, so a contract that starts using one fails its tests until this fake learns it.
 */
public final class InMemoryStub {
  private final Map<String, byte[]> state = new TreeMap<>();
  private final Map<String, List<Change>> history = new TreeMap<>();
  private final Map<String, Integer> reads = new TreeMap<>();
  private String txId = "tx0";
  private Instant timestamp = Instant.parse("2026-01-01T00:00:00Z");
  private String creatorPem = "/creator-cert.pem";
  private String creatorMsp = "Org1MSP";
  private String eventName;
  private byte[] eventPayload;

  private record Change(String txId, Instant at, byte[] value) {}

  /** Starts a new transaction: later writes carry this id and timestamp, the event is cleared. */
  public void beginTransaction(String txId, Instant timestamp) {
    this.txId = txId;
    this.timestamp = timestamp;
    this.eventName = null;
    this.eventPayload = null;
  }

  /** How often each key was read with {@code getState} since the stub was made. */
  public Map<String, Integer> reads() {
    return Map.copyOf(reads);
  }

  public String eventName() {
    return eventName;
  }

  public String eventPayload() {
    return eventPayload == null ? null : new String(eventPayload, StandardCharsets.UTF_8);
  }

  /**
   * Later calls come from this identity: a PEM certificate in the test resources ({@code
   * /creator-cert.pem} is an Org1MSP client, {@code /admin-cert.pem} an organisation admin).
   */
  public void actAs(String pemResource, String mspId) {
    this.creatorPem = pemResource;
    this.creatorMsp = mspId;
  }

  public ChaincodeStub stub() {
    return (ChaincodeStub)
        Proxy.newProxyInstance(
            ChaincodeStub.class.getClassLoader(),
            new Class<?>[] {ChaincodeStub.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getTxId":
                  return txId;
                case "getTxTimestamp":
                  return timestamp;
                case "getState":
                  reads.merge((String) args[0], 1, Integer::sum);
                  return state.get((String) args[0]);
                case "putState":
                  state.put((String) args[0], ((byte[]) args[1]).clone());
                  history
                      .computeIfAbsent((String) args[0], k -> new ArrayList<>())
                      .add(0, new Change(txId, timestamp, ((byte[]) args[1]).clone()));
                  return null;
                case "delState":
                  state.remove((String) args[0]);
                  history
                      .computeIfAbsent((String) args[0], k -> new ArrayList<>())
                      .add(0, new Change(txId, timestamp, null));
                  return null;
                case "createCompositeKey":
                  return new CompositeKey((String) args[0], (String[]) args[1]);
                case "setEvent":
                  eventName = (String) args[0];
                  eventPayload = ((byte[]) args[1]).clone();
                  return null;
                case "getHistoryForKey":
                  return historyOf((String) args[0]);
                case "getStateByPartialCompositeKey":
                  if (args.length == 2 && args[1] instanceof String[]) {
                    return byPrefix(
                        new CompositeKey((String) args[0], (String[]) args[1]).toString());
                  }
                  throw new UnsupportedOperationException(
                      "getStateByPartialCompositeKey" + java.util.Arrays.toString(args));
                case "getCreator":
                  return creator(creatorPem, creatorMsp);
                case "getMspId":
                  return creatorMsp;
                case "toString":
                  return "InMemoryStub";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  /** A serialized identity of Org1MSP, as the contract API parses it into a ClientIdentity. */
  private static byte[] creator(String pemResource, String mspId) {
    try (var in = InMemoryStub.class.getResourceAsStream(pemResource)) {
      return org.hyperledger.fabric.protos.msp.SerializedIdentity.newBuilder()
          .setMspid(mspId)
          .setIdBytes(com.google.protobuf.ByteString.readFrom(in))
          .build()
          .toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private QueryResultsIterator<org.hyperledger.fabric.shim.ledger.KeyValue> byPrefix(
      String prefix) {
    List<org.hyperledger.fabric.shim.ledger.KeyValue> kvs = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : state.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        byte[] value = e.getValue().clone();
        kvs.add(
            new org.hyperledger.fabric.shim.ledger.KeyValue() {
              @Override
              public String getKey() {
                return e.getKey();
              }

              @Override
              public byte[] getValue() {
                return value.clone();
              }

              @Override
              public String getStringValue() {
                return new String(value, StandardCharsets.UTF_8);
              }
            });
      }
    }
    return new QueryResultsIterator<>() {
      @Override
      public Iterator<org.hyperledger.fabric.shim.ledger.KeyValue> iterator() {
        return kvs.iterator();
      }

      @Override
      public void close() {}
    };
  }

  private QueryResultsIterator<KeyModification> historyOf(String key) {
    List<KeyModification> mods = new ArrayList<>();
    for (Change c : history.getOrDefault(key, List.of())) {
      mods.add(
          new KeyModification() {
            @Override
            public String getTxId() {
              return c.txId();
            }

            @Override
            public byte[] getValue() {
              return c.value() == null ? new byte[0] : c.value().clone();
            }

            @Override
            public String getStringValue() {
              return new String(getValue(), StandardCharsets.UTF_8);
            }

            @Override
            public Instant getTimestamp() {
              return c.at();
            }

            @Override
            public boolean isDeleted() {
              return c.value() == null;
            }
          });
    }
    return new QueryResultsIterator<>() {
      @Override
      public Iterator<KeyModification> iterator() {
        return mods.iterator();
      }

      @Override
      public void close() {}
    };
  }
}
