/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * A small key-value contract that proves the whole path from client to ledger: it writes versioned
 * records, reads them back, returns their history and emits an event per write.
 *
 * <p>Deterministic: the only time it knows is the transaction timestamp. State is kept under the
 * composite key {@code record~<key>}, one key per record, so unrelated writes never conflict.
 */
@Contract(name = RecordContract.NAME, info = @Info(title = "Records", version = "1"))
public final class RecordContract implements ContractInterface {
  /** The contract's name; clients call {@code records:Put} and so on. */
  public static final String NAME = "records";

  /** The name of the event emitted by {@link #Put}. */
  public static final String EVENT_RECORD_PUT = "RecordPut";

  private static final String KEY_PREFIX = "record";
  private static final int MAX_KEY_LENGTH = 256;
  private static final int MAX_VALUE_LENGTH = 64 * 1024;

  /**
   * Writes a new version of a record and emits {@value #EVENT_RECORD_PUT} with the record as its
   * payload.
   *
   * @return the stored record, as canonical JSON
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Put(Context ctx, String key, String value) {
    Arguments.cap("key", key, MAX_KEY_LENGTH);
    Arguments.cap("value", value, MAX_VALUE_LENGTH);
    requireKey(key);
    if (value == null) {
      throw ErrorCodes.reject(
          RejectionCode.INVALID_ARGUMENT,
          "value must be present and at most " + MAX_VALUE_LENGTH + " characters");
    }
    ChaincodeStub stub = ctx.getStub();
    String stateKey = stateKey(stub, key);
    byte[] previous = stub.getState(stateKey);
    long version =
        previous == null || previous.length == 0
            ? 1
            : CanonicalJson.fromBytes(previous, StoredRecord.class).version() + 1;
    StoredRecord record =
        new StoredRecord(key, value, version, stub.getTxId(), stub.getTxTimestamp().toString());
    byte[] json = CanonicalJson.toBytes(record);
    stub.putState(stateKey, json);
    stub.setEvent(EVENT_RECORD_PUT, json);
    return new String(json, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Reads the current version of a record.
   *
   * @return the record, as canonical JSON
   * @throws ChaincodeException {@link ErrorCodes#RECORD_NOT_FOUND} when the key has no record
   */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String Get(Context ctx, String key) {
    Arguments.cap("key", key, MAX_KEY_LENGTH);
    requireKey(key);
    byte[] json = ctx.getStub().getState(stateKey(ctx.getStub(), key));
    if (json == null || json.length == 0) {
      throw ErrorCodes.reject(RejectionCode.RECORD_NOT_FOUND, "no record for key '" + key + "'");
    }
    return new String(json, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Returns every version of a record that the ledger holds, through {@code GetHistoryForKey}.
   *
   * @return a JSON array of {@link RecordChange}, oldest first; empty when the key was never
   *     written
   */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String History(Context ctx, String key) {
    Arguments.cap("key", key, MAX_KEY_LENGTH);
    requireKey(key);
    List<RecordChange> changes = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> history =
        ctx.getStub().getHistoryForKey(stateKey(ctx.getStub(), key))) {
      for (KeyModification m : history) {
        StoredRecord record =
            m.isDeleted() ? null : CanonicalJson.fromBytes(m.getValue(), StoredRecord.class);
        changes.add(
            new RecordChange(m.getTxId(), m.getTimestamp().toString(), m.isDeleted(), record));
      }
    } catch (ChaincodeException e) {
      throw e;
    } catch (Exception e) {
      throw ErrorCodes.reject(RejectionCode.INTERNAL, "cannot read the history of '" + key + "'");
    }
    // The peer returns newest first; auditors read oldest first.
    java.util.Collections.reverse(changes);
    return CanonicalJson.toString(changes);
  }

  private static String stateKey(ChaincodeStub stub, String key) {
    return stub.createCompositeKey(KEY_PREFIX, key).toString();
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw ErrorCodes.reject(
          RejectionCode.INVALID_ARGUMENT, "key must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw ErrorCodes.reject(
            RejectionCode.INVALID_ARGUMENT, "key must not contain control characters");
      }
    }
  }
}
