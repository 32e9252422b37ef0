package dev.parley.server.account;

import static dev.parley.schema.Tables.GRANTS;
import static dev.parley.schema.Tables.REFRESH_TOKENS;
import static dev.parley.schema.Tables.USERS;

import dev.parley.server.changes.Change;
import dev.parley.server.db.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * SQL on {@code grants} (log-ins) and their {@code refresh_tokens}. A refresh token is stored only as
 * its SHA-256; exchanging one marks it used and stores its successor in the same transaction.
 */
final class GrantQueries {

    /** A new or rotated grant: whom it is for and the refresh token to hand out. */
    record Issued(long grantId, long userId, String email, String refreshToken) {}

    /** The outcome of presenting a refresh token. */
    sealed interface Exchange {
        record Rotated(Issued issued) implements Exchange {}

        /** Unknown, expired, or of a revoked grant. */
        record Refused() implements Exchange {}

        /** Used before: the grant has now been revoked. */
        record ReuseDetected(long grantId) implements Exchange {}
    }

    private final Database db;

    GrantQueries(Database db) {
        this.db = db;
    }

    Issued create(long userId, String email, Instant now, Instant expiresAt) {
        return db.writer().write(tx -> {
            long grantId = tx.insertInto(GRANTS)
                    .set(GRANTS.USER_ID, userId)
                    .set(GRANTS.CREATED_AT, now)
                    .set(GRANTS.EXPIRES_AT, expiresAt)
                    .returningResult(GRANTS.ID)
                    .fetchSingle()
                    .value1();
            return new Issued(grantId, userId, email, storeRefreshToken(tx, grantId, now));
        });
    }

    /**
     * Exchanges a refresh token for its successor. A token presented a second time means it leaked
     * (or a client replayed it): the whole grant is revoked, as RFC 6819 §5.2.2.3 advises.
     */
    Exchange exchange(String refreshToken, Instant now) {
        String hash = RefreshTokens.hash(refreshToken);
        return db.writer()
                .writeAndTell(
                        tx -> {
                            var row = tx.select(
                                            REFRESH_TOKENS.GRANT_ID,
                                            REFRESH_TOKENS.USED_AT,
                                            GRANTS.USER_ID,
                                            GRANTS.EXPIRES_AT,
                                            GRANTS.REVOKED_AT,
                                            USERS.EMAIL)
                                    .from(REFRESH_TOKENS)
                                    .join(GRANTS)
                                    .on(GRANTS.ID.eq(REFRESH_TOKENS.GRANT_ID))
                                    .join(USERS)
                                    .on(USERS.ID.eq(GRANTS.USER_ID))
                                    .where(REFRESH_TOKENS.TOKEN_HASH.eq(hash))
                                    .fetchOne();
                            if (row == null
                                    || row.get(GRANTS.REVOKED_AT) != null
                                    || !row.get(GRANTS.EXPIRES_AT).isAfter(now)) {
                                return new Exchange.Refused();
                            }
                            long grantId = row.get(REFRESH_TOKENS.GRANT_ID);
                            if (row.get(REFRESH_TOKENS.USED_AT) != null) {
                                revoke(tx, grantId, now);
                                return new Exchange.ReuseDetected(grantId);
                            }
                            tx.update(REFRESH_TOKENS)
                                    .set(REFRESH_TOKENS.USED_AT, now)
                                    .where(REFRESH_TOKENS.TOKEN_HASH.eq(hash))
                                    .execute();
                            return new Exchange.Rotated(new Issued(
                                    grantId,
                                    row.get(GRANTS.USER_ID),
                                    row.get(USERS.EMAIL),
                                    storeRefreshToken(tx, grantId, now)));
                        },
                        exchange -> exchange instanceof Exchange.ReuseDetected reuse
                                ? Optional.of(new Change.GrantRevoked(reuse.grantId()))
                                : Optional.empty());
    }

    /**
     * Revokes a grant: its access tokens and refresh tokens all stop working, on every server once
     * they hear of it (this one before this returns).
     */
    void revoke(long grantId, Instant now) {
        db.writer()
                .writeAndTell(tx -> revoke(tx, grantId, now), revoked -> Optional.of(new Change.GrantRevoked(grantId)));
    }

    /** Grants revoked at or after {@code since}: the ones whose access tokens may not have expired yet. */
    List<Long> revokedSince(Instant since) {
        return db.reads()
                .select(GRANTS.ID)
                .from(GRANTS)
                .where(GRANTS.REVOKED_AT.ge(since))
                .fetch(GRANTS.ID);
    }

    private static int revoke(DSLContext tx, long grantId, Instant now) {
        return tx.update(GRANTS)
                .set(GRANTS.REVOKED_AT, now)
                .where(GRANTS.ID.eq(grantId))
                .and(GRANTS.REVOKED_AT.isNull())
                .execute();
    }

    private static String storeRefreshToken(DSLContext tx, long grantId, Instant now) {
        String token = RefreshTokens.generate();
        tx.insertInto(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.TOKEN_HASH, RefreshTokens.hash(token))
                .set(REFRESH_TOKENS.GRANT_ID, grantId)
                .set(REFRESH_TOKENS.CREATED_AT, now)
                .execute();
        return token;
    }
}
