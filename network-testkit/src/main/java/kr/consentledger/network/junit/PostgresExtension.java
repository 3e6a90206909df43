/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.network.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link TestDatabase} per test JVM, injects it as a parameter, and stops it when the
 * JVM's tests end.
 */
public final class PostgresExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(
            TestDatabase.class,
            k -> {
              try {
                return TestDatabase.start();
              } catch (IOException e) {
                throw new UncheckedIOException("cannot start PostgreSQL for the tests", e);
              }
            },
            TestDatabase.class);
  }
}
