package dev.parley.cli;

import dev.parley.cli.client.AccessTokenClaims;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.client.TokenStore;
import dev.parley.cli.credentials.CredentialsFile;
import dev.parley.cli.credentials.StoredLogin;
import dev.parley.cli.credentials.StoredTokens;
import java.time.Clock;
import java.util.Optional;

/**
 * What a client command talks through: the server the global options chose, where its login is
 * stored, and API clients for it. {@code PARLEY_TOKEN}, when set, stands in for the stored login.
 */
public final class Connection {

    static final String TOKEN_VARIABLE = "PARLEY_TOKEN";

    private final ServerUrl server;
    private final CredentialsFile credentials;
    private final Optional<String> tokenOverride;
    private final Clock clock;

    private Connection(ServerUrl server, CredentialsFile credentials, Optional<String> tokenOverride, Clock clock) {
        this.server = server;
        this.credentials = credentials;
        this.tokenOverride = tokenOverride;
        this.clock = clock;
    }

    public static Connection of(GlobalOptions options, Environment environment) {
        return new Connection(
                options.server(),
                CredentialsFile.locate(environment.variables()),
                environment.variable(TOKEN_VARIABLE),
                environment.clock());
    }

    public ServerUrl server() {
        return server;
    }

    public CredentialsFile credentials() {
        return credentials;
    }

    /** Whether the token comes from {@code PARLEY_TOKEN} rather than the credentials file. */
    public boolean tokenFromEnvironment() {
        return tokenOverride.isPresent();
    }

    /**
     * The account this invocation acts as, as far as it is known without asking the server: the
     * email of the stored login, or the one {@code PARLEY_TOKEN} claims; empty when neither says.
     */
    public Optional<String> account() {
        return tokenOverride.isPresent()
                ? AccessTokenClaims.email(tokenOverride.get())
                : storedLogin().map(StoredLogin::email);
    }

    public Optional<StoredLogin> storedLogin() {
        return credentials.find(server);
    }

    /** A client presenting {@code PARLEY_TOKEN}, or else the stored login (renewed when it expires). */
    public ParleyClient client() {
        TokenStore tokens =
                tokenOverride.map(TokenStore::fixed).orElseGet(() -> new StoredTokens(credentials, server, clock));
        return ParleyClient.create(server, tokens, clock);
    }

    /** A client without a login, for registering and logging in. */
    public ParleyClient anonymousClient() {
        return ParleyClient.anonymous(server);
    }

    public Clock clock() {
        return clock;
    }
}
