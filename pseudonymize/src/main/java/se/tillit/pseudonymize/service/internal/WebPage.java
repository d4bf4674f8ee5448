package se.tillit.pseudonymize.service.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The masking web page: one self-contained HTML file (inline CSS and JavaScript, no external
 * resources) and a Content-Security-Policy that allows exactly its inline script and style (by
 * SHA-256 hash) and requests to this server only.
 */
public final class WebPage {
  private static final String RESOURCE = "/se/tillit/pseudonymize/service/index.html";

  private final byte[] html;
  private final String contentSecurityPolicy;

  private WebPage(byte[] html, String csp) {
    this.html = html;
    this.contentSecurityPolicy = csp;
  }

  public static WebPage load() {
    try (InputStream in = WebPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("web page resource missing: " + RESOURCE);
      }
      byte[] bytes = in.readAllBytes();
      String text = new String(bytes, StandardCharsets.UTF_8);
      List<String> scripts = hashes(text, "script");
      List<String> styles = hashes(text, "style");
      String csp =
          "default-src 'none'; connect-src 'self'; img-src 'self' data:; form-action 'none';"
              + " base-uri 'none'; frame-ancestors 'none'; script-src "
              + String.join(" ", scripts)
              + "; style-src "
              + String.join(" ", styles);
      return new WebPage(bytes, csp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] html() {
    return html.clone();
  }

  public String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  private static List<String> hashes(String html, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add("'sha256-" + sha256(m.group(1)) + "'");
    }
    if (out.isEmpty()) {
      out.add("'none'");
    }
    return out;
  }

  private static String sha256(String s) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
