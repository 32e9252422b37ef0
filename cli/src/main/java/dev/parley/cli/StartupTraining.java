package dev.parley.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The training run of the client's AOT start-up cache (cli/src/build/train-startup-cache): the JDK
 * makes the cache from one run, and the cache should hold what both {@code parley --help} and
 * {@code parley send} load. So this renders the whole tree's help, its output dropped, and then runs
 * its arguments (the send) exactly as {@link Parley#main} does. The help alone loads the other
 * commands' classes and picocli's help layout, which a send never touches.
 */
final class StartupTraining {

    private StartupTraining() {}

    public static void main(String[] args) {
        Parley.commandLine(Environment.system(), "--help")
                .setOut(new PrintWriter(Writer.nullWriter()))
                .execute("--help");
        Parley.main(args);
    }
}
