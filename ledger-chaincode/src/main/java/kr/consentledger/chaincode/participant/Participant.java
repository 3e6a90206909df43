/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode.participant;

/**
 * A registered participant: a provider, a recipient (for example a licensed MyData operator) or an
 * auditor, named by its DID. Organisation names only; no personal data.
 *
 * @param did the participant's DID
 * @param role {@code provider}, {@code recipient} or {@code auditor}
 * @param displayName the organisation's name as shown to data subjects
 * @param status {@code active} or {@code suspended}
 * @param registeredAt when it was registered (transaction timestamp, to the second)
 * @param registeredBy the MSP id of the organisation admin who registered it
 * @param updatedAt when it last changed
 * @param updatedBy the MSP id of the admin who made the last change
 * @param txId the transaction of the last change
 */
public record Participant(
    String did,
    String role,
    String displayName,
    String status,
    String registeredAt,
    String registeredBy,
    String updatedAt,
    String updatedBy,
    String txId) {}
