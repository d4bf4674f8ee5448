package se.tillit.pseudonymize.service.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.pseudonymize.EntityType;
import se.tillit.pseudonymize.mask.Document;
import se.tillit.pseudonymize.mask.DocumentFormat;
import se.tillit.pseudonymize.mask.DocumentReader;
import se.tillit.pseudonymize.mask.InputRejectedException;
import se.tillit.pseudonymize.mask.MaskResult;
import se.tillit.pseudonymize.mask.TextEncoding;
import se.tillit.pseudonymize.mask.TextMasker;

/**
 * The masking service's one HTTP handler. Routes:
 *
 * <pre>
 *   GET  /              the web page
 *   GET  /health        {"status":"ok"}
 *   GET  /v1/types      {"types":[...]}: the types this service masks
 *   POST /v1/mask       JSON {"text": "...", "types": ["PERSON", ...]} -> masked result
 *   POST /v1/mask/file  raw body: application/pdf, text/plain[; charset=...] or
 *                       application/octet-stream (detected); query ?types=A,B&amp;encoding=E
 * </pre>
 *
 * <p>Errors are JSON {@code {"error": message, "status": code}}: 400 bad input, 404 unknown path,
 * 405 wrong method (with {@code Allow}), 413 too large, 415 unsupported content type, 503 busy,
 * 500 internal. Nothing of a request or response body is stored or logged; the only log lines are
 * the start and stop of the server and, for an internal error, the exception's class name.
 */
public final class MaskingHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(MaskingHandler.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  private final TextMasker masker;
  private final DocumentReader reader;
  private final int maxBytes;
  private final WebPage page;
  private final AtomicLong internalErrors = new AtomicLong();

  public MaskingHandler(TextMasker masker, DocumentReader reader, WebPage page) {
    this.masker = masker;
    this.reader = reader;
    this.maxBytes = reader.maxBytes();
    this.page = page;
  }

  /** Number of requests that ended in a 500 (for tests and monitoring). */
  public long internalErrors() {
    return internalErrors.get();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      Headers h = ex.getResponseHeaders();
      h.set("Cache-Control", "no-store");
      h.set("X-Content-Type-Options", "nosniff");
      h.set("Referrer-Policy", "no-referrer");
      if (BoundedExecutor.isOverflow()) {
        h.set("Retry-After", "1");
        h.set("Connection", "close");
        sendError(ex, 503, "the service is busy; retry in a moment");
        return;
      }
      route(ex);
    } catch (IOException e) {
      // The client went away; nothing to answer and nothing to log.
    } catch (RuntimeException e) {
      internalErrors.incrementAndGet();
      LOG.warn("masking request failed with {}", e.getClass().getName());
      try {
        sendError(ex, 500, "internal error");
      } catch (IOException | RuntimeException ignored) {
        // headers may already be sent
      }
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    switch (path) {
      case "/", "/index.html" -> {
        if (allow(ex, method, "GET", "HEAD")) {
          ex.getResponseHeaders().set("Content-Security-Policy", page.contentSecurityPolicy());
          ex.getResponseHeaders().set("X-Frame-Options", "DENY");
          send(ex, 200, "text/html; charset=utf-8", page.html());
        }
      }
      case "/health" -> {
        if (allow(ex, method, "GET", "HEAD")) {
          sendJson(ex, 200, Map.of("status", "ok"));
        }
      }
      case "/v1/types" -> {
        if (allow(ex, method, "GET", "HEAD")) {
          sendJson(
              ex, 200, Map.of("types", masker.maskedTypes().stream().map(Enum::name).toList()));
        }
      }
      case "/v1/mask" -> {
        if (allow(ex, method, "POST")) {
          maskJson(ex);
        }
      }
      case "/v1/mask/file" -> {
        if (allow(ex, method, "POST")) {
          maskFile(ex);
        }
      }
      default -> sendError(ex, 404, "no such path; see GET / for the page, POST /v1/mask for the API");
    }
  }

  private boolean allow(HttpExchange ex, String method, String... allowed) throws IOException {
    for (String a : allowed) {
      if (a.equals(method)) {
        return true;
      }
    }
    ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
    sendError(ex, 405, "method " + safeToken(method) + " not allowed; use " + String.join(" or ", allowed));
    return false;
  }

  private void maskJson(HttpExchange ex) throws IOException {
    String ct = contentType(ex);
    if (ct != null && !ct.equals("application/json")) {
      sendError(ex, 415, "Content-Type must be application/json");
      return;
    }
    byte[] body = readBody(ex);
    if (body == null) {
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      sendError(
          ex,
          400,
          "malformed JSON"
              + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
      return;
    }
    if (root == null || !root.isObject()) {
      sendError(ex, 400, "request body must be a JSON object {\"text\": ..., \"types\": [...]}");
      return;
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("text") && !f.equals("types")) {
        sendError(ex, 400, "unknown field '" + safeToken(f) + "'; allowed: text, types");
        return;
      }
    }
    JsonNode text = root.get("text");
    if (text == null || !text.isTextual()) {
      sendError(ex, 400, "field 'text' must be a string");
      return;
    }
    Set<EntityType> types;
    JsonNode typesNode = root.get("types");
    if (typesNode == null || typesNode.isNull()) {
      types = EnumSet.allOf(EntityType.class);
    } else if (!typesNode.isArray()) {
      sendError(ex, 400, "field 'types' must be an array of entity type names");
      return;
    } else {
      StringBuilder names = new StringBuilder();
      for (JsonNode t : typesNode) {
        if (!t.isTextual()) {
          sendError(ex, 400, "field 'types' must be an array of entity type names");
          return;
        }
        names.append(t.asText()).append(',');
      }
      types = parseTypes(names.toString());
      if (types == null) {
        sendError(ex, 400, typesError());
        return;
      }
    }
    String s = text.asText();
    if (s.isBlank()) {
      sendError(ex, 400, "field 'text' is empty");
      return;
    }
    MaskResult r = masker.mask(s, types);
    sendJson(ex, 200, r.toJsonMap());
  }

  private void maskFile(HttpExchange ex) throws IOException {
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    Set<EntityType> types = EnumSet.allOf(EntityType.class);
    if (query.containsKey("types")) {
      types = parseTypes(query.get("types"));
      if (types == null) {
        sendError(ex, 400, typesError());
        return;
      }
    }
    String ct = contentType(ex);
    DocumentFormat format;
    TextEncoding encoding = TextEncoding.UTF_8;
    try {
      if (ct == null || ct.equals("application/octet-stream")) {
        format = null;
      } else if (ct.equals("application/pdf")) {
        format = DocumentFormat.PDF;
      } else if (ct.equals("text/plain")) {
        format = DocumentFormat.TEXT;
        String charset = charsetParam(ex);
        if (charset != null) {
          encoding = TextEncoding.parse(charset);
        }
      } else {
        sendError(ex, 415,
            "Content-Type must be application/pdf, text/plain or application/octet-stream");
        return;
      }
      if (query.containsKey("encoding")) {
        encoding = TextEncoding.parse(query.get("encoding"));
      }
    } catch (IllegalArgumentException e) {
      sendError(ex, 415, e.getMessage());
      return;
    }
    byte[] body = readBody(ex);
    if (body == null) {
      return;
    }
    Document doc;
    try {
      doc = reader.read(body, format, encoding);
    } catch (InputRejectedException e) {
      int status =
          switch (e.reason()) {
            case TOO_LARGE -> 413;
            case UNSUPPORTED -> 415;
            default -> 400;
          };
      sendError(ex, status, e.getMessage(), e.reason().name());
      return;
    }
    body = null; // the raw upload is no longer needed
    MaskResult r = masker.mask(doc.text(), types);
    Map<String, Object> out = r.toJsonMap();
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("format", doc.format().name().toLowerCase(Locale.ROOT));
    input.put("pages", doc.pages());
    input.put("chars", doc.text().length());
    out.put("input", input);
    sendJson(ex, 200, out);
  }

  /** The body, or null after answering 413 when it exceeds the limit. */
  private byte[] readBody(HttpExchange ex) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        long declared = Long.parseLong(length.strip());
        if (declared > maxBytes) {
          // Read and discard a moderately oversized body first, so the client reliably sees the
          // 413 (closing a socket with unread data resets it and can lose the answer); a body
          // beyond DRAIN_LIMIT is not read at all.
          if (declared <= DRAIN_LIMIT) {
            try (InputStream in = ex.getRequestBody()) {
              drain(in, DRAIN_LIMIT);
            }
          }
          ex.getResponseHeaders().set("Connection", "close");
          sendError(ex, 413, tooLarge(), "TOO_LARGE");
          return null;
        }
      } catch (NumberFormatException e) {
        sendError(ex, 400, "invalid Content-Length");
        return null;
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        drain(in, DRAIN_LIMIT);
        ex.getResponseHeaders().set("Connection", "close");
        sendError(ex, 413, tooLarge(), "TOO_LARGE");
        return null;
      }
      return body;
    }
  }

  /** How much of an oversized body is read and discarded before answering 413. */
  private static final long DRAIN_LIMIT = 16L << 20;

  private static void drain(InputStream in, long limit) throws IOException {
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while (total < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0) {
      total += n;
    }
  }

  private String tooLarge() {
    return "request body is larger than the limit of " + maxBytes + " bytes";
  }

  private Set<EntityType> parseTypes(String commaSeparated) {
    EnumSet<EntityType> out = EnumSet.noneOf(EntityType.class);
    for (String part : commaSeparated.split(",")) {
      String p = part.strip().toUpperCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      try {
        out.add(EntityType.valueOf(p));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static String typesError() {
    return "types must be a non-empty list of entity types from "
        + java.util.Arrays.toString(EntityType.values());
  }

  private static String contentType(HttpExchange ex) {
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    if (ct == null || ct.isBlank()) {
      return null;
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  private static String charsetParam(HttpExchange ex) {
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    for (String part : ct.split(";")) {
      String p = part.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        return p.substring(8).replace("\"", "").strip();
      }
    }
    return null;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  /** A request token (method, field name) shortened and reduced to safe characters. */
  private static String safeToken(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) : s;
    return t.replaceAll("[^A-Za-z0-9_.-]", "?");
  }

  private static void sendError(HttpExchange ex, int status, String message) throws IOException {
    sendError(ex, status, message, null);
  }

  private static void sendError(HttpExchange ex, int status, String message, String reason)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("status", status);
    if (reason != null) {
      m.put("reason", reason);
    }
    sendJson(ex, status, m);
  }

  private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
