package se.tillit.cli.mask;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntityType;
import se.tillit.pseudonymize.mask.Document;
import se.tillit.pseudonymize.mask.DocumentReader;
import se.tillit.pseudonymize.mask.MaskResult;
import se.tillit.pseudonymize.mask.MaskerFactory;
import se.tillit.pseudonymize.mask.PlaceholderStyle;
import se.tillit.pseudonymize.mask.TextEncoding;
import se.tillit.pseudonymize.mask.TextMasker;

/**
 * {@code tillit mask [--json] [--types T,...] [--encoding ENC] FILE|-}: masks personal data in a
 * text or PDF file. Subcommands ({@code serve}, ...) are separate actions; a file literally named
 * like a subcommand is given as {@code ./serve}.
 */
@Command(
    name = "mask",
    mixinStandardHelpOptions = true,
    header = "[case officer] Mask personal data in Swedish text or PDF with typed placeholders.",
    description = {
      "Finds names of people, organisations and places, personnummer, samordningsnummer,"
          + " organisationsnummer, phone numbers, e-mail, IBAN, bank accounts, bankgiro, plusgiro,"
          + " postal codes and street addresses, and replaces each with a placeholder such as"
          + " [PERSON_1] or [PERSONNUMMER_1]. The same entity gets the same placeholder throughout"
          + " the document.",
      "Input: plain text (UTF-8 unless --encoding says otherwise) or PDF with a text layer,"
          + " detected from its content. Binary files, invalid encodings and empty or oversized"
          + " input are refused with exit code 2.",
      "The masked text goes to standard output; a summary of counts to standard error. With"
          + " --json the last line is one JSON object: {\"text\", \"entities\": [{type, start, end,"
          + " placeholder, source, confidence, masked_start, masked_end}], \"counts\", \"input\"}."
          + " Offsets are UTF-16 code units in the input text (for a PDF: in its extracted text).",
      "Nothing of the text is logged.",
      "Examples: tillit mask brev.txt > brev-maskerat.txt;"
          + " tillit mask --types PERSON,PERSONNUMMER --json protokoll.pdf;"
          + " cat anteckning.txt | tillit mask -"
    },
    subcommands = {MaskServeCommand.class, MaskTrainCommand.class, MaskEvaluateCommand.class})
public final class MaskCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "Text or PDF file to mask; - reads standard input.")
  String file;

  @Option(names = "--json", description = "Print one JSON object (last line) instead of the text.")
  boolean json;

  @Option(
      names = "--types",
      split = ",",
      paramLabel = "TYPE",
      description = "Mask only these entity types (comma-separated), e.g. PERSON,EMAIL. Default: all."
          + " Types: ${COMPLETION-CANDIDATES}",
      completionCandidates = TypeNames.class)
  List<String> types;

  @Option(
      names = "--encoding",
      paramLabel = "ENC",
      defaultValue = "UTF-8",
      description = "Encoding of text input: UTF-8 (default), UTF-16 (with byte-order mark),"
          + " ISO-8859-1, windows-1252.")
  String encoding;

  @Option(
      names = "--max-bytes",
      paramLabel = "N",
      defaultValue = "" + DocumentReader.DEFAULT_MAX_BYTES,
      description = "Refuse input larger than N bytes (default ${DEFAULT-VALUE}).")
  long maxBytes;

  @Option(
      names = "--type-only",
      description = "Write placeholders without numbers ([PERSON]); --json entities keep numbers.")
  boolean typeOnly;

  /** Standard input; replaceable by tests. */
  InputStream stdin = System.in;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws IOException {
    if (file == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Missing FILE (or - for standard input), or a command: " + spec.subcommands().keySet());
    }
    Set<EntityType> wanted = parseTypes(types);
    TextEncoding enc = TextEncoding.parse(encoding);
    DocumentReader reader;
    try {
      reader = DocumentReader.builder().maxBytes(maxBytes).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("maxBytes", "--max-bytes"), e);
    }
    Document doc;
    if (file.equals("-")) {
      doc = reader.read(reader.readAllBytes(stdin), null, enc);
    } else {
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException("FILE must be a readable file. Provided value: " + file);
      }
      doc = reader.read(path, enc);
    }
    TextMasker.Builder builder = MaskerFactory.builderWithInstalledRecognizers().enabledTypes(wanted);
    if (typeOnly) {
      builder.placeholderStyle(PlaceholderStyle.TYPE_ONLY);
    }
    TextMasker masker = builder.build();
    PrintWriter err = spec.commandLine().getErr();
    EnumSet<EntityType> unsupported = EnumSet.copyOf(wanted);
    unsupported.removeAll(masker.maskedTypes());
    if (types != null && !unsupported.isEmpty()) {
      err.println("tillit: note: no installed recogniser finds " + unsupported);
    }
    MaskResult result = masker.mask(doc.text());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> answer = new LinkedHashMap<>(result.toJsonMap());
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("format", doc.format().name().toLowerCase(Locale.ROOT));
      input.put("pages", doc.pages());
      input.put("chars", doc.text().length());
      answer.put("input", input);
      answer.put(
          "recognizers", masker.recognizers().stream().map(EntityRecognizer::name).toList());
      JsonOutput.print(out, answer);
    } else {
      out.print(result.text());
      if (!result.text().endsWith("\n")) {
        out.println();
      }
      out.flush();
      err.println("tillit: masked " + result.entities().size() + " entities ("
          + result.distinctCounts().entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "))
          + ")");
      err.flush();
    }
    return 0;
  }

  /** Parses --types; null means all. Unknown names: IllegalArgumentException listing the types. */
  static Set<EntityType> parseTypes(List<String> names) {
    if (names == null) {
      return EnumSet.allOf(EntityType.class);
    }
    EnumSet<EntityType> out = EnumSet.noneOf(EntityType.class);
    for (String n : names) {
      String name = n.strip().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      try {
        out.add(EntityType.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--types must name entity types from " + Arrays.toString(EntityType.values())
                + ". Provided value: " + n.strip());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "--types must name at least one entity type from " + Arrays.toString(EntityType.values())
              + ". Provided value: (empty)");
    }
    return out;
  }

  /** The entity type names, for --help. */
  static final class TypeNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Arrays.stream(EntityType.values()).map(Enum::name).iterator();
    }
  }
}
