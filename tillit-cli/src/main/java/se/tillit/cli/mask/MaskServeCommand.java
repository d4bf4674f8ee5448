package se.tillit.cli.mask;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.pseudonymize.mask.MaskerFactory;
import se.tillit.pseudonymize.service.MaskingServer;

/** {@code tillit mask serve}: the masking service (JSON API and web page). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Run the masking service: a web page and a JSON API that store and log nothing.",
    description = {
      "Endpoints: GET / (web page, Swedish/English: paste text or upload .txt/.pdf);"
          + " POST /v1/mask with {\"text\": \"...\", \"types\": [\"PERSON\", ...]};"
          + " POST /v1/mask/file with a raw body (application/pdf, text/plain; charset=...,"
          + " or application/octet-stream) and optional ?types=A,B;"
          + " GET /v1/types; GET /health.",
      "Nothing is stored or logged: request and response bodies live in memory for the request"
          + " only; there is no access log. Bodies over --max-bytes get 413; when all --threads"
          + " are busy and --queue requests wait, further requests get 503.",
      "Listens on 127.0.0.1 by default; put a TLS-terminating proxy in front to serve others.",
      "Example: tillit mask serve --port 8080"
    })
final class MaskServeCommand implements Callable<Integer> {
  /** The running server, so tests can find its port and stop it. */
  static final AtomicReference<MaskingServer> RUNNING = new AtomicReference<>();

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
      description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--max-bytes", paramLabel = "N",
      defaultValue = "" + MaskingServer.Builder.DEFAULT_MAX_REQUEST_BYTES,
      description = "Largest request body in bytes (default ${DEFAULT-VALUE}).")
  long maxBytes;

  @Option(names = "--threads", paramLabel = "N",
      description = "Requests masked at the same time (default: number of processors, at least 2).")
  Integer threads;

  @Option(names = "--queue", paramLabel = "N", defaultValue = "64",
      description = "Requests that may wait for a thread (default ${DEFAULT-VALUE}); more get 503.")
  int queue;

  @Override
  public Integer call() throws IOException, InterruptedException {
    MaskingServer.Builder b;
    try {
      b = MaskingServer.builder().port(port).bindAddress(bind).maxRequestBytes(maxBytes)
          .queueCapacity(queue);
      if (threads != null) {
        b.threads(threads);
      }
    } catch (IllegalArgumentException e) {
      // name the command-line option rather than the builder method
      throw new IllegalArgumentException(
          e.getMessage().replace("maxRequestBytes", "--max-bytes").replace("bindAddress", "--bind")
              .replace("queueCapacity", "--queue").replaceFirst("^port", "--port")
              .replaceFirst("^threads", "--threads"),
          e);
    }
    MaskingServer server = b.masker(MaskerFactory.defaultMasker()).build().start();
    RUNNING.set(server);
    Thread hook = new Thread(server::stop, "tillit-mask-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Masking service on http://" + server.address().getAddress().getHostAddress() + ":"
        + server.port() + "/ (nothing is stored or logged; Ctrl-C stops it)");
    out.flush();
    try {
      server.blockUntilShutdown();
    } finally {
      RUNNING.compareAndSet(server, null);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting through the hook
      }
    }
    return 0;
  }
}
