package dev.parley.cli;

import dev.parley.cli.client.ServerUrl;
import picocli.CommandLine.Option;

/**
 * The options every client command takes. {@code --server} defaults to {@code $PARLEY_SERVER},
 * else {@value ServerUrl#DEFAULT}; the default is supplied by {@link Parley#commandLine}.
 */
public final class GlobalOptions {

    static final String SERVER = "--server";

    @Option(names = SERVER, paramLabel = "URL",
            description = {"The Parley server.", "Default: $PARLEY_SERVER, else " + ServerUrl.DEFAULT})
    private ServerUrl server;

    @Option(names = "--json", description = "Print one JSON document instead of text, for scripts.")
    private boolean json;

    @Option(names = "--verbose", description = "On failure, print the stack trace as well.")
    private boolean verbose;

    public ServerUrl server() {
        return server != null ? server : ServerUrl.parse(ServerUrl.DEFAULT);
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }
}
