package dev.parley.server.account;

import dev.parley.api.Registration;
import dev.parley.api.TokenResponse;
import dev.parley.server.ParleyConfig;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.http.AccessTokenVerifier;
import dev.parley.server.http.Caller;
import dev.parley.server.http.ClientAddress;
import dev.parley.server.http.JsonBodies;
import dev.parley.server.http.OAuthFailure;
import dev.parley.server.http.ResponseHeaders;
import dev.parley.server.http.RouteTable;
import dev.parley.server.metrics.Meters;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Accounts and tokens.
 * <ul>
 *   <li>{@code POST /users} registers an account</li>
 *   <li>{@code POST /token} logs in (password grant) or refreshes (refresh_token grant)</li>
 *   <li>{@code GET /users/me} shows the caller's account</li>
 *   <li>{@code POST /logout} revokes the caller's token and its refresh chain</li>
 * </ul>
 */
public final class AccountRoutes implements HttpService, AutoCloseable {

    private final Accounts accounts;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final JsonBodies bodies;
    private final RevokedGrants revoked;
    private final Runnable loadRevoked;
    private final ClientAddress clientAddress;

    private AccountRoutes(
            Accounts accounts,
            TokenService tokens,
            PasswordHasher hasher,
            JsonBodies bodies,
            RevokedGrants revoked,
            Runnable loadRevoked,
            ClientAddress clientAddress) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.hasher = hasher;
        this.bodies = bodies;
        this.revoked = revoked;
        this.loadRevoked = loadRevoked;
        this.clientAddress = clientAddress;
    }

    /** Builds the feature: loads (or creates) the signing key and the grants revoked recently. */
    public static AccountRoutes create(
            ParleyConfig.Auth config, Path dataDir, Database db, JsonBodies bodies, Clock clock, Meters meters) {
        RevokedGrants revoked = new RevokedGrants();
        GrantQueries grants = new GrantQueries(db);
        // A token stays acceptable until exp plus the clock skew; so must its revocation.
        Runnable loadRevoked = () -> revoked.addAll(grants.revokedSince(
                clock.instant().minus(config.accessTokenTtl()).minus(TokenService.CLOCK_SKEW)));
        loadRevoked.run();
        TokenService tokens = new TokenService(
                SigningKey.load(config.jwtSecret(), dataDir),
                config.issuer(),
                config.audience(),
                config.accessTokenTtl(),
                revoked,
                clock);
        PasswordHasher hasher = new PasswordHasher(
                Bcrypt.fastest(),
                config.bcryptCost(),
                config.hashingThreads(),
                config.hashingNiceness(),
                config.maxHashingWait(),
                meters);
        Accounts accounts = new Accounts(
                new UserQueries(db),
                grants,
                hasher,
                tokens,
                new LoginThrottle(config.loginThrottle(), clock, meters),
                config.refreshTokenTtl(),
                clock);
        return new AccountRoutes(
                accounts,
                tokens,
                hasher,
                bodies,
                revoked,
                loadRevoked,
                new ClientAddress(config.loginThrottle().trustedProxies()));
    }

    /**
     * Hears of committed changes, this server's and the others': a revoked grant's tokens are refused
     * from then on; after changes may have been missed, the revoked grants are read again.
     */
    public void apply(Change change) {
        switch (change) {
            case Change.GrantRevoked grant -> revoked.add(grant.grantId());
            case Change.MaybeMissed missed -> loadRevoked.run();
            case SessionChange session -> {
                // Sessions do not change who is logged in.
            }
        }
    }

    /** What the auth filter uses to check bearer tokens. */
    public AccessTokenVerifier tokenVerifier() {
        return tokens;
    }

    @Override
    public void routing(HttpRules rules) {
        RouteTable.on(rules)
                .post("/users", this::register)
                .get("/users/me", this::me)
                .post("/token", this::token)
                .post("/logout", this::logout)
                .answerOtherMethodsWith405();
    }

    private void register(ServerRequest req, ServerResponse res) {
        // Accounts have no path of their own: the new one is what /users/me shows its owner.
        JsonBodies.created(res, "/users/me", accounts.register(bodies.read(req, Registration.class)));
    }

    private void me(ServerRequest req, ServerResponse res) {
        JsonBodies.write(res, Status.OK_200, accounts.me(Caller.of(req)));
    }

    private void token(ServerRequest req, ServerResponse res) {
        var contentType = JsonBodies.contentType(req)
                .orElseThrow(() -> OAuthFailure.invalidRequest("the body must be an OAuth2 form or JSON"));
        TokenResponse tokenResponse = switch (TokenRequest.parse(contentType, bodies.readBytes(req))) {
            case TokenRequest.PasswordGrant grant -> accounts.logIn(grant, clientAddress.of(req));
            case TokenRequest.RefreshGrant grant -> accounts.refresh(grant);
        };
        res.header(ResponseHeaders.PRAGMA_NO_CACHE);
        JsonBodies.write(res, Status.OK_200, tokenResponse);
    }

    private void logout(ServerRequest req, ServerResponse res) {
        accounts.logOut(Caller.of(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    @Override
    public void close() {
        hasher.close();
    }
}
