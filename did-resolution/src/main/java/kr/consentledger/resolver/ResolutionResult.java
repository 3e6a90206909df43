/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.resolver;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The result of W3C DID Resolution: resolution metadata, the DID document and document metadata.
 * Immutable: the JSON objects are copied in and out, so a cached result cannot be changed by its
 * readers. Each JSON text ({@link #encodedResult()}, {@link #encodedDocument()}) is encoded once,
 * the first time it is asked for, and then shared: a cached result is encoded once however many
 * responses carry it.
 */
public final class ResolutionResult {
  /** The JSON-LD context of a resolution result. */
  public static final String CONTEXT = "https://w3id.org/did-resolution/v1";

  private final JsonObject didResolutionMetadata;
  private final JsonObject didDocument;
  private final JsonObject didDocumentMetadata;
  // Encoded on first use; a race encodes twice, and either copy is right. Never written to.
  private volatile byte[] encodedResult;
  private volatile byte[] encodedDocument;

  private ResolutionResult(
      JsonObject didResolutionMetadata, JsonObject didDocument, JsonObject didDocumentMetadata) {
    this.didResolutionMetadata = didResolutionMetadata.copy();
    this.didDocument = didDocument == null ? null : didDocument.copy();
    this.didDocumentMetadata = didDocumentMetadata.copy();
  }

  /**
   * A successful result. The resolution metadata gets the {@code contentType} of the document:
   * {@code application/did+ld+json} when it has an {@code @context}, else {@code
   * application/did+json}.
   *
   * @param didDocument the DID document, not null
   * @param didDocumentMetadata the document metadata; null means none
   * @return the result
   */
  public static ResolutionResult of(JsonObject didDocument, JsonObject didDocumentMetadata) {
    Objects.requireNonNull(didDocument, "didDocument");
    String contentType =
        didDocument.containsKey("@context") ? "application/did+ld+json" : "application/did+json";
    return new ResolutionResult(
        new JsonObject().put("contentType", contentType),
        didDocument,
        didDocumentMetadata == null ? new JsonObject() : didDocumentMetadata);
  }

  /**
   * The result of a failed resolution: no document and {@code didResolutionMetadata.error}.
   *
   * @param error the error, not null
   * @param message the error message, or null
   * @return the result
   */
  public static ResolutionResult ofError(ResolutionError error, String message) {
    JsonObject metadata = new JsonObject().put("error", error.code());
    if (message != null) {
      metadata.put("errorMessage", message);
    }
    return new ResolutionResult(metadata, null, new JsonObject());
  }

  /**
   * The resolution metadata.
   *
   * @return a copy
   */
  public JsonObject didResolutionMetadata() {
    return didResolutionMetadata.copy();
  }

  /**
   * The DID document.
   *
   * @return a copy, or null when resolution failed
   */
  public JsonObject didDocument() {
    return didDocument == null ? null : didDocument.copy();
  }

  /**
   * The document metadata.
   *
   * @return a copy, never null
   */
  public JsonObject didDocumentMetadata() {
    return didDocumentMetadata.copy();
  }

  /**
   * Whether the document metadata says the DID was deactivated.
   *
   * @return true when {@code didDocumentMetadata.deactivated} is {@code true}
   */
  public boolean deactivated() {
    return Boolean.TRUE.equals(didDocumentMetadata.getValue("deactivated"));
  }

  /**
   * The result as JSON, members in the order {@code @context, didResolutionMetadata, didDocument,
   * didDocumentMetadata}.
   *
   * @return a new JSON object
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("@context", CONTEXT)
        .put("didResolutionMetadata", didResolutionMetadata.copy())
        .put("didDocument", didDocument == null ? null : didDocument.copy())
        .put("didDocumentMetadata", didDocumentMetadata.copy());
  }

  /**
   * The DID document as JSON text, without copying it first.
   *
   * @return the encoded document, or null when there is none
   */
  public String encodeDocument() {
    return didDocument == null ? null : didDocument.encode();
  }

  /**
   * The whole result as JSON text, in the order of {@link #toJson()}, without copying.
   *
   * @return the encoded result
   */
  public String encode() {
    return new JsonObject()
        .put("@context", CONTEXT)
        .put("didResolutionMetadata", didResolutionMetadata)
        .put("didDocument", didDocument)
        .put("didDocumentMetadata", didDocumentMetadata)
        .encode();
  }

  /**
   * The whole result as UTF-8 JSON text ({@link #encode()}), encoded the first time and shared
   * afterwards.
   *
   * @return a new read-only view of the shared bytes (its setters throw; an append copies)
   */
  public Buffer encodedResult() {
    return view(resultBytes());
  }

  /**
   * The DID document as UTF-8 JSON text ({@link #encodeDocument()}), encoded the first time and
   * shared afterwards.
   *
   * @return a new read-only view of the shared bytes (its setters throw; an append copies), or null
   *     when there is no document
   */
  public Buffer encodedDocument() {
    return didDocument == null ? null : view(documentBytes());
  }

  /** The memo behind {@link #encodedResult()}, encoded on first use. */
  byte[] resultBytes() {
    byte[] bytes = encodedResult;
    if (bytes == null) {
      bytes = encode().getBytes(StandardCharsets.UTF_8);
      encodedResult = bytes;
    }
    return bytes;
  }

  /** The memo behind {@link #encodedDocument()}, encoded on first use; null without a document. */
  byte[] documentBytes() {
    if (didDocument == null) {
      return null;
    }
    byte[] bytes = encodedDocument;
    if (bytes == null) {
      bytes = didDocument.encode().getBytes(StandardCharsets.UTF_8);
      encodedDocument = bytes;
    }
    return bytes;
  }

  private static Buffer view(byte[] bytes) {
    // No copy: a read-only Netty view of the shared bytes, in a Buffer of its own, so no reader
    // can change what the others send. A response writes a slice of it, from any event loop.
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResolutionResult r
        && didResolutionMetadata.equals(r.didResolutionMetadata)
        && Objects.equals(didDocument, r.didDocument)
        && didDocumentMetadata.equals(r.didDocumentMetadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(didResolutionMetadata, didDocument, didDocumentMetadata);
  }

  @Override
  public String toString() {
    return "ResolutionResult" + encode();
  }
}
