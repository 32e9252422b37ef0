package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.client.TokenStore;
import dev.parley.cli.credentials.CredentialsFile;
import dev.parley.cli.credentials.StoredLogin;
import dev.parley.server.testing.ApiClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code parley} commands in-process through {@link Parley#commandLine}, as {@code main}
 * does, with their own environment variables, standard input and terminal, and captures what they
 * print. Immutable: {@code with…} returns a changed copy.
 */
public final class Cli {

    private final Map<String, String> variables;
    private final Environment.PasswordPrompt terminal;
    private final boolean outputTerminal;
    private final Clock clock;

    private Cli(
            Map<String, String> variables, Environment.PasswordPrompt terminal, boolean outputTerminal, Clock clock) {
        this.variables = Map.copyOf(variables);
        this.terminal = terminal;
        this.outputTerminal = outputTerminal;
        this.clock = clock;
    }

    /** A CLI whose home and config directory are {@code home}, talking to {@code server} by default. */
    public static Cli in(Path home, String server) {
        return new Cli(
                Map.of(
                        "HOME",
                        home.toString(),
                        "XDG_CONFIG_HOME",
                        home.resolve("config").toString(),
                        "PARLEY_SERVER",
                        server),
                null,
                false,
                Clock.systemUTC());
    }

    public Cli with(String variable, String value) {
        Map<String, String> changed = new HashMap<>(variables);
        changed.put(variable, value);
        return new Cli(changed, terminal, outputTerminal, clock);
    }

    public Cli without(String variable) {
        Map<String, String> changed = new HashMap<>(variables);
        changed.remove(variable);
        return new Cli(changed, terminal, outputTerminal, clock);
    }

    /** A terminal on which the user types {@code typed}, one answer per prompt. */
    public Cli withTerminal(String... typed) {
        return withTerminal(new ArrayList<>(), typed);
    }

    /** A terminal on which the user types {@code typed}, one answer per prompt, each prompt added to {@code prompts}. */
    public Cli withTerminal(List<String> prompts, String... typed) {
        Deque<String> answers = new ArrayDeque<>(List.of(typed));
        return new Cli(
                variables,
                prompt -> {
                    prompts.add(prompt);
                    return answers.isEmpty() ? null : answers.pop().toCharArray();
                },
                outputTerminal,
                clock);
    }

    /** Standard output and standard error taken for a terminal, as if the user watched them. */
    public Cli withTerminalOutput() {
        return new Cli(variables, terminal, true, clock);
    }

    /** Commands that read the time from {@code clock}, as on a machine whose clock says so. */
    public Cli withClock(Clock clock) {
        return new Cli(variables, terminal, outputTerminal, clock);
    }

    /** Registers a fresh account through the CLI and logs it in; fails the test unless both work. */
    public String newLogin(String password) {
        String email = ApiClient.uniqueEmail();
        expectOk(runWithStdin(password + "\n", "register", email, "--password-stdin"));
        expectOk(runWithStdin(password + "\n", "login", email, "--password-stdin"));
        return email;
    }

    private static void expectOk(Result result) {
        if (result.exitCode() != 0) {
            throw new AssertionError("expected success but got " + result);
        }
    }

    /** The value of an environment variable of this CLI; null when it is not set. */
    public String variable(String name) {
        return variables.get(name);
    }

    /** The credentials file this CLI uses. */
    public Path credentialsFile() {
        return Path.of(variables.get("XDG_CONFIG_HOME"), "parley", "credentials.json");
    }

    public CredentialsFile credentials() {
        return new CredentialsFile(credentialsFile().getParent());
    }

    /** The login stored for {@code server}; fails the test when there is none. */
    public StoredLogin storedLogin(URI server) {
        return credentials()
                .find(ServerUrl.parse(server.toString()))
                .orElseThrow(() -> new AssertionError("no login stored for " + server));
    }

    /** A client of {@code server} with this CLI's stored access token, to set up and check what commands did. */
    public ParleyClient apiClient(URI server) {
        return ParleyClient.create(
                ServerUrl.parse(server.toString()),
                TokenStore.fixed(storedLogin(server).accessToken()),
                Clock.systemUTC());
    }

    public Result run(String... args) {
        return runWithStdin("", args);
    }

    /** Starts a command that runs until it is stopped ({@code watch}, the shell), reading {@code stdin}. */
    public RunningCommand start(InputStream stdin, String... args) {
        return RunningCommand.start(
                new Environment(variables, stdin, terminal, clock, outputTerminal, outputTerminal), args);
    }

    public Result runWithStdin(String stdin, String... args) {
        Environment environment = new Environment(
                variables,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                terminal,
                clock,
                outputTerminal,
                outputTerminal);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Parley.commandLine(environment, args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What a command did: its exit code and what it printed. */
    public record Result(int exitCode, String out, String err) {

        /** Standard output read as one JSON document. */
        public JsonNode json() {
            try {
                return Json.mapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not one JSON document: " + out, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }
}
