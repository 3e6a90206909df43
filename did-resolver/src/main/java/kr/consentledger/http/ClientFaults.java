package kr.consentledger.http;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;

/**
 * Tells a client's fault (it closed or reset the connection, or sent bytes the HTTP decoder
 * refused, such as a bad chunk size) from ours, so that only ours are logged at ERROR.
 */
public final class ClientFaults {
  private ClientFaults() {}

  /**
   * Whether a failure was caused by the client, not by the service.
   *
   * @param failure a request's or connection's exception, or null
   * @return true for a closed or reset connection and for decoding failures of the client's bytes
   */
  public static boolean isClientFault(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpClosedException
          || t instanceof StreamResetException
          || t instanceof IOException
          || t instanceof DecoderException
          || t instanceof TooLongFrameException) {
        return true;
      }
      if ("Connection was closed".equals(t.getMessage())) {
        return true;
      }
      // Thrown while Netty decoded the client's bytes, for example "Invalid character in chunk
      // size", or a NUL in a header value refused by Vert.x's header checks.
      for (StackTraceElement frame : t.getStackTrace()) {
        // Not ByteToMessageDecoder: its frames are under every handler it fires, ours included.
        if (frame.getClassName().startsWith("io.netty.handler.codec.http.HttpObjectDecoder")) {
          return true;
        }
      }
    }
    return false;
  }
}
