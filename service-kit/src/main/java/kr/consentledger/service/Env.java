/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.service;

import java.util.Map;

/**
 * Reads a service's settings from environment variables: a blank variable counts as unset, values
 * are trimmed, and a malformed value fails with an {@link IllegalArgumentException} that names the
 * variable (the services' mains exit with status 2 on it).
 */
public final class Env {
  private Env() {}

  /**
   * A text setting.
   *
   * @param env the environment, for example {@code System.getenv()}
   * @param name the variable
   * @param fallback the value when it is unset or blank
   * @return the trimmed value, or {@code fallback}
   */
  public static String text(Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /**
   * An integer setting.
   *
   * @param env the environment
   * @param name the variable
   * @param fallback the value when it is unset or blank
   * @return the value, or {@code fallback}
   * @throws IllegalArgumentException when the value is not an integer
   */
  public static long integer(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, not \"" + value + "\"", e);
    }
  }

  /**
   * An integer setting within a range.
   *
   * @param env the environment
   * @param name the variable
   * @param fallback the value when it is unset or blank (not checked against the range)
   * @param min the smallest value accepted
   * @param max the largest value accepted
   * @return the value, or {@code fallback}
   * @throws IllegalArgumentException when the value is not an integer or out of range
   */
  public static long integer(
      Map<String, String> env, String name, long fallback, long min, long max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    long parsed = integer(env, name, fallback);
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(
          name + " must be " + min + " to " + max + ", not " + value.trim());
    }
    return parsed;
  }

  /**
   * An integer setting that fits an {@code int}.
   *
   * @param env the environment
   * @param name the variable
   * @param fallback the value when it is unset or blank
   * @return the value, or {@code fallback}
   * @throws IllegalArgumentException when the value is not an integer or does not fit an int
   */
  public static int intValue(Map<String, String> env, String name, int fallback) {
    return (int) integer(env, name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }
}
