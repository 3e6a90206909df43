/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

/**
 * One entry of a record's history, oldest first.
 *
 * @param txId the transaction that made the change
 * @param timestamp the transaction's timestamp, ISO-8601 UTC
 * @param deleted whether the change deleted the key
 * @param record the record as written by that transaction; null when {@code deleted}
 */
public record RecordChange(String txId, String timestamp, boolean deleted, StoredRecord record) {}
