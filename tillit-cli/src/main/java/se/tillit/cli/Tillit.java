package se.tillit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import se.tillit.cli.fl.ClientCommand;
import se.tillit.cli.fl.CoordinatorCommand;
import se.tillit.cli.fl.DemoCommand;
import se.tillit.cli.fl.RunCommand;
import se.tillit.cli.fl.SimulateCommand;
import se.tillit.cli.mask.MaskCommand;
import se.tillit.cli.privacy.PrivacyCommand;
import se.tillit.cli.provision.ProvisionCommand;
import se.tillit.cli.pseudonymize.PseudonymizeCommand;
import se.tillit.cli.pseudonymize.ReidentifyCommand;
import se.tillit.cli.synth.SynthCommand;

/** The one {@code tillit} command. Subcommands are grouped by the people who use them. */
@Command(
    name = "tillit",
    mixinStandardHelpOptions = true,
    versionProvider = Tillit.Version.class,
    headerHeading = "",
    header = "Tillit: privacy toolkit for public-sector AI.",
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    description = {
      "Train models across agencies without moving raw data, and release data safely.",
      "Every subcommand has its own --help; commands that answer a question accept --json,"
          + " in which case the last line printed is one JSON object."
    },
    commandListHeading = "%nCommands, by who uses them:%n",
    footerHeading = "%n",
    footer = {
      "Exit codes: 0 success; 1 failure; 2 usage error or invalid input;"
          + " 3 refused by the privacy budget ledger.",
      "Environment: TILLIT_HOME (default ~/.tillit) holds the default ledger database;"
          + " TILLIT_LOG_LEVEL=INFO|DEBUG shows logs on stderr."
    },
    subcommands = {
      DemoCommand.class,
      ProvisionCommand.class,
      CoordinatorCommand.class,
      RunCommand.class,
      ClientCommand.class,
      SimulateCommand.class,
      PrivacyCommand.class,
      MaskCommand.class,
      PseudonymizeCommand.class,
      ReidentifyCommand.class,
      SynthCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Tillit implements Runnable {

  /** Exit code of a refused privacy-budget charge. */
  public static final int EXIT_REFUSED = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A configured command line: error handling and exit codes as documented in the footer. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new Tillit());
    cl.setExecutionExceptionHandler(new Errors());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /** Maps exceptions to messages and exit codes; never prints a stack trace for bad input. */
  static final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      int code;
      if (ex instanceof RefusedException) {
        code = EXIT_REFUSED;
      } else if (ex instanceof IllegalArgumentException) {
        code = CommandLine.ExitCode.USAGE;
      } else {
        code = CommandLine.ExitCode.SOFTWARE;
      }
      PrintWriter err = commandLine.getErr();
      String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      err.println("tillit: " + message);
      if (code == CommandLine.ExitCode.SOFTWARE && System.getenv("TILLIT_DEBUG") != null) {
        ex.printStackTrace(err);
      }
      err.flush();
      Object cmd = commandLine.getCommand();
      if (cmd instanceof JsonOutput.Capable capable && capable.jsonRequested()) {
        JsonOutput.printError(commandLine.getOut(), message, code);
      }
      return code;
    }
  }

  /** Reads the version written into the jar at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Tillit.class.getResourceAsStream("/tillit-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "tillit " + p.getProperty("version", "unknown"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
