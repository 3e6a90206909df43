/*
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Not API: the value formats of the consent protocol (ids, hashes, times, durations, subject DIDs)
 * shared by the consent credential, the statements and the receipts. Above {@code did}.
 */
package kr.consentledger.wallet.internal.protocol;
