package dev.parley.cli.client;

import dev.parley.api.TokenResponse;
import java.util.Optional;
import java.util.function.Function;

/** Where {@link ParleyClient} gets the tokens it presents, and keeps them when it renews them. */
public interface TokenStore {

    /** A store without tokens: for registering and logging in. */
    TokenStore NONE = new TokenStore() {
        @Override
        public Optional<Tokens> current() {
            return Optional.empty();
        }

        @Override
        public Optional<Tokens> renew(Tokens stale, Function<String, TokenResponse> refresh) {
            return Optional.empty();
        }
    };

    /** A store of one access token given from outside ({@code PARLEY_TOKEN}): never renewed. */
    static TokenStore fixed(String accessToken) {
        Tokens tokens = new Tokens(accessToken, null, null);
        return new TokenStore() {
            @Override
            public Optional<Tokens> current() {
                return Optional.of(tokens);
            }

            @Override
            public Optional<Tokens> renew(Tokens stale, Function<String, TokenResponse> refresh) {
                return Optional.empty();
            }

            @Override
            public String remedy() {
                return "PARLEY_TOKEN holds a token this server does not accept: set a valid one, or unset it"
                        + " to use the login stored by 'parley login'";
            }
        };
    }

    /** What the user can do when the server does not take these tokens: log in, unless they come from elsewhere. */
    default String remedy() {
        return "run 'parley login EMAIL'";
    }

    /** The tokens to present now; empty when not logged in. */
    Optional<Tokens> current();

    /**
     * Replaces {@code stale} tokens: when they are still the stored ones, exchanges their refresh
     * token through {@code refresh} (which throws {@link ApiFailure} when the server refuses) and
     * stores the new pair; when another process renewed them meanwhile, returns its tokens. Empty
     * when no login is stored any more.
     */
    Optional<Tokens> renew(Tokens stale, Function<String, TokenResponse> refresh);
}
