/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

/**
 * Every rejection code of the chaincode, in one place: the payload of each {@code
 * ChaincodeException} and the first word of its message, so that clients in any language can branch
 * on them. The constant names are the codes; they do not change meaning between versions. The
 * consent contract's codes follow CONSENT-PROTOCOL.md §5–§6, the did:fabric ones
 * wallet-sdk/DID-METHOD.md §5 (the SDK gives the same code for the same operation).
 */
public enum RejectionCode {
  /** A consent was withdrawn before, by another revocation statement. */
  ALREADY_REVOKED,
  /** A transaction argument is longer than its cap (checked before any decoding). */
  ARGUMENT_TOO_LONG,
  /** The signature does not verify with the key its {@code kid} names. */
  BAD_SIGNATURE,
  /** More statements in one transaction than the contract takes. */
  BATCH_TOO_LARGE,
  /** A consent id is anchored with another credential. */
  CONSENT_EXISTS,
  /** No consent with that id on the ledger. */
  CONSENT_NOT_FOUND,
  /** A receipt for a consent that is not given, or not yet valid, at the transaction's time. */
  CONSENT_NOT_IN_FORCE,
  /** A did:fabric operation on a deactivated DID. */
  DEACTIVATED,
  /** A did:fabric create names a DID that already exists. */
  DID_ALREADY_EXISTS,
  /** A statement's signer DID is deactivated. */
  DID_DEACTIVATED,
  /** A did:fabric create names a DID that is not derived from the embedded key. */
  DID_MISMATCH,
  /** The did:fabric DID is not on the ledger. */
  DID_NOT_FOUND,
  /** A consent is past its {@code validUntil}. */
  EXPIRED,
  /** A revocation names another credential or subject than the consent. */
  HASH_MISMATCH,
  /** The chaincode could not do what it should have been able to do. */
  INTERNAL,
  /** An argument is missing, empty or malformed. */
  INVALID_ARGUMENT,
  /** The text is not a DID of the expected method, or its id cannot be decoded. */
  INVALID_DID,
  /** A DID document breaks a rule of DID Core or of did:fabric. */
  INVALID_DOCUMENT,
  /** A did:fabric operation payload is malformed. */
  INVALID_OPERATION,
  /** A statement's payload breaks its shape. */
  INVALID_STATEMENT,
  /** A statement is not a compact JWS we parse, or is over the length cap. */
  MALFORMED_JWS,
  /** The caller is not an administrator of its organisation. */
  NOT_AN_ADMIN,
  /** A statement's key is not the signer's under the verification relationship required. */
  NOT_AUTHORISED,
  /** A did:fabric operation is signed by a key not in the current document's authentication. */
  NOT_CONTROLLER,
  /** A participant with that DID is registered already. */
  PARTICIPANT_EXISTS,
  /** A receipt's provider or recipient is not an active registered participant in that role. */
  PARTICIPANT_NOT_ACTIVE,
  /** No participant with that DID is registered. */
  PARTICIPANT_NOT_FOUND,
  /** A receipt names another provider or recipient than its consent. */
  PARTY_MISMATCH,
  /** A receipt id is recorded with another statement. */
  RECEIPT_EXISTS,
  /** The key that was asked for has no record. */
  RECORD_NOT_FOUND,
  /** A statement's signer DID cannot be resolved. */
  UNKNOWN_DID,
  /** A {@code kid} names no verification method of the DID document. */
  UNKNOWN_KEY,
  /** The JWS {@code alg} is not EdDSA, Ed25519, ES256 or ES256K, or does not fit the key. */
  UNSUPPORTED_ALGORITHM,
  /** The JWS header carries a member the statement type does not define. */
  UNSUPPORTED_HEADER,
  /** A did:fabric operation's previousVersionId is not the current versionId. */
  VERSION_MISMATCH,
  /** The did:fabric DID has no version with that id. */
  VERSION_NOT_FOUND,
  /** The JWS {@code typ} is not the one the statement needs. */
  WRONG_TYPE;
}
