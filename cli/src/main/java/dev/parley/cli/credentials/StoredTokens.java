package dev.parley.cli.credentials;

import dev.parley.api.TokenResponse;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.client.TokenStore;
import dev.parley.cli.client.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tokens of one server's stored login. Renewing happens under the credentials file's lock, so
 * that two {@code parley} processes never spend the same refresh token (the server would take the
 * second use for theft and end the login).
 */
public final class StoredTokens implements TokenStore {

    private final CredentialsFile file;
    private final ServerUrl server;
    private final Clock clock;

    public StoredTokens(CredentialsFile file, ServerUrl server, Clock clock) {
        this.file = file;
        this.server = server;
        this.clock = clock;
    }

    @Override
    public Optional<Tokens> current() {
        return file.find(server).map(StoredLogin::tokens);
    }

    @Override
    public Optional<Tokens> renew(Tokens stale, Function<String, TokenResponse> refresh) {
        return file.update(
                        server,
                        stored -> stored.map(login -> {
                            if (!login.tokens().equals(stale)) {
                                return login; // another process renewed them meanwhile
                            }
                            Instant requested = clock.instant();
                            return login.renewed(refresh.apply(login.refreshToken()), requested);
                        }))
                .map(StoredLogin::tokens);
    }
}
