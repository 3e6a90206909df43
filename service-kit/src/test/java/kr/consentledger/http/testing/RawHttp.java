/*
 * SPDX-License-Identifier: Apache-2.0
 */
package kr.consentledger.http.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw-socket HTTP/1.1 client: sends bytes exactly as given, or a GET from a chosen loopback
 * address, and reads one response. Shared with both services' tests through service-kit's test jar.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * One response as read from the socket.
   *
   * @param status the status, or 0 when the server closed the connection without answering
   * @param headers the headers, names in lower case
   * @param body the body
   */
  public record Response(int status, Map<String, String> headers, String body) {
    /** The {@code Content-Type} header, or an empty string. */
    public String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    /** The header {@code name} (any case), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * One {@code GET path} with {@code Connection: close}, sent from {@code localAddress}: any of
   * 127.0.0.0/8 reaches a loopback server, so that a test can be several callers (the JDK's HTTP
   * client cannot choose its own address).
   */
  public static Response get(String localAddress, int port, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1:"
                      + port
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }
  }

  /** Sends {@code request} on a new connection and reads the response (or the close). */
  public static Response exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // The server may answer and close before it has read everything (413, 431).
      }
      return read(socket.getInputStream());
    }
  }

  /** Reads one response: head, then a body by Content-Length, or until the server closes. */
  public static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    boolean complete = false;
    try {
      while (!complete) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
        last4 = (last4 << 8) | b;
        complete = last4 == 0x0d0a0d0a;
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // treated as closed
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    if (!complete || !text.startsWith("HTTP/")) {
      return new Response(0, Map.of(), text);
    }
    String[] lines = text.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }
}
