/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Tells a client's fault (it closed or reset the connection, or sent bytes the HTTP decoder
 * refused, such as a bad chunk size) from ours, so that only ours are logged at ERROR.
 *
 * <p>A closed connection or an I/O error is the client's only when the client's own connection is
 * the one that closed: the same exceptions from the database pool or the ledger gateway are ours
 * (and answered 503, not 400).
 */
public final class ClientFaults {
  /** Exceptions raised on a client's connection (seen by {@link HttpEdge}), by identity. */
  private static final Set<Throwable> FROM_CLIENT_CONNECTIONS =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private ClientFaults() {}

  /**
   * Records that an exception was raised on a client's connection, before Vert.x hands the same
   * exception to the request on it.
   *
   * @param failure the connection's exception
   */
  static void raisedOnClientConnection(Throwable failure) {
    if (failure != null) {
      FROM_CLIENT_CONNECTIONS.add(failure);
    }
  }

  /**
   * Whether a failure was caused by the client, not by the service.
   *
   * @param failure a request's or connection's exception, or null
   * @param clientConnectionClosed whether the client's connection is closed (for a request: its
   *     response is closed; for a connection's own exception handler: true)
   * @return true for a closed or reset client connection and for decoding failures of the client's
   *     bytes
   */
  public static boolean isClientFault(Throwable failure, boolean clientConnectionClosed) {
    if (failure != null && FROM_CLIENT_CONNECTIONS.contains(failure)) {
      return true; // for example "Connection reset" read on the client's socket
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpClosedException || t instanceof StreamResetException) {
        return true; // only the server's own HTTP connections raise these here
      }
      // Thrown while Netty decoded the client's bytes, for example "Invalid character in chunk
      // size", a NUL in a header value refused by Vert.x's header checks, or a form body whose
      // field has an empty name (Netty's form decoder, run by Vert.x's body handler).
      for (StackTraceElement frame : t.getStackTrace()) {
        // Not ByteToMessageDecoder: its frames are under every handler it fires, ours included.
        String c = frame.getClassName();
        if (c.startsWith("io.netty.handler.codec.http.HttpObjectDecoder")
            || c.startsWith("io.netty.handler.codec.http.multipart.")) {
          return true;
        }
      }
      if (clientConnectionClosed
          && (t instanceof IOException
              || t instanceof DecoderException
              || t instanceof TooLongFrameException
              || "Connection was closed".equals(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }
}
