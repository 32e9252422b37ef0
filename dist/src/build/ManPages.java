import dev.parley.cli.Environment;
import dev.parley.cli.Parley;
import dev.parley.server.ServerCommand;
import java.io.File;
import java.io.IOException;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step (run by dist/build-release with the JDK's source launcher): writes one AsciiDoc man page
 * per command of {@code parley}, with picocli's own generator, from the command tree the program runs;
 * Asciidoctor turns them into troff. {@code parley server} is documented by the server's own command,
 * whose options the client's {@code server} command only hands on.
 *
 * <p>Usage: {@code java ManPages.java OUTPUT_DIR}
 */
public final class ManPages {

    public static void main(String[] args) throws IOException {
        CommandLine parley = Parley.commandLine(Environment.system());
        parley.getCommandSpec().removeSubcommand("server");
        parley.addSubcommand("server", new CommandLine(new ServerCommand()));
        int exitCode = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
                parley.getCommandSpec());
        if (exitCode != 0) {
            throw new IllegalStateException("the man page generator failed with exit code " + exitCode);
        }
    }
}
