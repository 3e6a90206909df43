/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

/**
 * One version of a record as stored in the world state.
 *
 * @param key the record's key
 * @param value the record's value, opaque to the chaincode
 * @param version 1 for the first write of the key, then one more for every later write
 * @param txId the transaction that wrote this version
 * @param updatedAt the transaction's timestamp, ISO-8601 UTC; never the peer's clock
 */
public record StoredRecord(String key, String value, long version, String txId, String updatedAt) {}
