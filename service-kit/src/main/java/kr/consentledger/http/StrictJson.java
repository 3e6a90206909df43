/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A strict check of a JSON text (RFC 8259, I-JSON): valid UTF-8, one value and nothing after it, no
 * comments or other extensions, no duplicate member names at any depth, nesting at most {@link
 * #MAX_DEPTH} deep and numbers at most {@link #MAX_NUMBER_LENGTH} characters long. Lenient parsers
 * read such texts too, but give them a meaning of their own (the last duplicate wins, a stray byte
 * is dropped); refusing them leaves every text one meaning.
 */
public final class StrictJson {
  /** The deepest nesting of arrays and objects. */
  public static final int MAX_DEPTH = 64;

  /** The longest number, in characters. */
  public static final int MAX_NUMBER_LENGTH = 64;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(MAX_NUMBER_LENGTH)
                  .build())
          .build();

  private StrictJson() {}

  /**
   * Checks a JSON text.
   *
   * @param bytes the text as sent
   * @throws EdgeException {@link EdgeError#MALFORMED_JSON} saying what is wrong
   */
  public static void check(byte[] bytes) {
    String text = decodeUtf8(bytes);
    try (JsonParser parser = FACTORY.createParser(text)) {
      int depth = 0;
      int values = 0;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (depth == 0 && ++values > 1) {
          throw malformed(
              "data after the JSON value at offset "
                  + parser.currentTokenLocation().getCharOffset());
        }
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
      }
      if (values == 0) {
        throw malformed("the body holds no JSON value");
      }
    } catch (JsonProcessingException e) {
      throw malformed(e.getOriginalMessage());
    } catch (IOException e) {
      throw malformed("the body cannot be read as JSON");
    }
  }

  /**
   * Decodes UTF-8, refusing malformed and unmappable byte sequences rather than replacing them.
   *
   * @param bytes the bytes
   * @return the text
   * @throws EdgeException {@link EdgeError#MALFORMED_JSON} when the bytes are not UTF-8
   */
  public static String decodeUtf8(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw malformed("the body is not valid UTF-8");
    }
  }

  private static EdgeException malformed(String detail) {
    return new EdgeException(EdgeError.MALFORMED_JSON, detail);
  }
}
