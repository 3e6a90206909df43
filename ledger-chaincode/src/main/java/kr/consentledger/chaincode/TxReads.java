/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.chaincode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Remembers a transaction's {@code getState} answers, so a batch that reads one key for many of its
 * items (the provider and recipient of a batch of receipts, one consent named by several) asks the
 * peer once: each read is a round trip over the peer's gRPC stream, and they were most of a
 * receipt's cost in the chaincode and the peer. The answers are the same either way: a simulated
 * transaction reads the state as of its start and never its own writes, so a key's value cannot
 * change within one invocation; the read set records the key once either way.
 */
public final class TxReads {
  private TxReads() {}

  /**
   * A stub that answers repeated {@code getState(key)} calls from memory and passes every other
   * call to {@code stub}. Use it for one invocation only.
   *
   * @param stub the invocation's stub
   * @return the remembering stub
   */
  public static ChaincodeStub remembering(ChaincodeStub stub) {
    Map<String, byte[]> reads = new HashMap<>();
    return (ChaincodeStub)
        Proxy.newProxyInstance(
            ChaincodeStub.class.getClassLoader(),
            new Class<?>[] {ChaincodeStub.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getState") && args != null && args.length == 1) {
                String key = (String) args[0];
                if (!reads.containsKey(key)) {
                  reads.put(key, stub.getState(key));
                }
                byte[] value = reads.get(key);
                return value == null ? null : value.clone();
              }
              try {
                return method.invoke(stub, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
