/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver.fabric;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.consentledger.resolver.driver.DidLedger;
import kr.consentledger.resolver.driver.DidLedgerException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/** {@link DidLedger} over the Fabric Gateway: evaluates the {@code dids} contract's queries. */
public final class GatewayDidLedger implements DidLedger {
  // The chaincode's message starts with its code; the peer may put "chaincode response 500, "
  // first.
  private static final Pattern CODE =
      Pattern.compile("(?:^|chaincode response \\d+, )([A-Z][A-Z0-9_]*[A-Z0-9]): ");

  private final Contract contract;

  /**
   * @param contract the {@code dids} contract of the chaincode; owned by the caller
   */
  public GatewayDidLedger(Contract contract) {
    this.contract = Objects.requireNonNull(contract, "contract");
  }

  @Override
  public byte[] resolve(String did) throws DidLedgerException {
    return evaluate("Resolve", did);
  }

  @Override
  public byte[] resolveVersion(String did, String versionId) throws DidLedgerException {
    return evaluate("ResolveVersion", did, versionId);
  }

  @Override
  public byte[] resolveAt(String did, String versionTime) throws DidLedgerException {
    return evaluate("ResolveAt", did, versionTime);
  }

  private byte[] evaluate(String transaction, String... args) throws DidLedgerException {
    try {
      return contract.evaluateTransaction(transaction, args);
    } catch (GatewayException e) {
      throw new DidLedgerException(errorCode(e), transaction + " failed: " + e.getStatus(), e);
    }
  }

  /** The chaincode error code in the error details, or null when the peer gave none. */
  static String errorCode(GatewayException e) {
    for (ErrorDetail detail : e.getDetails()) {
      String code = codeIn(detail.getMessage());
      if (code != null) {
        return code;
      }
    }
    return codeIn(e.getStatus().getDescription());
  }

  static String codeIn(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = CODE.matcher(message);
    return m.find() ? m.group(1) : null;
  }
}
