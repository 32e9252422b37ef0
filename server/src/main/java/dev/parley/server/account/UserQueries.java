package dev.parley.server.account;

import static dev.parley.schema.Tables.USERS;

import dev.parley.api.User;
import dev.parley.server.db.Database;
import dev.parley.server.http.ApiException;
import java.time.Instant;
import java.util.Optional;
import org.jooq.Records;
import org.jooq.exception.IntegrityConstraintViolationException;

/** SQL on {@code users}. */
final class UserQueries {

    /** What a log-in needs to check a password. */
    record Credentials(long id, String email, String passwordHash) {}

    private final Database db;

    UserQueries(Database db) {
        this.db = db;
    }

    /** Stores a new account; 409 when the email is taken in any letter case. */
    User insert(EmailAddress email, String passwordHash, Instant now) {
        try {
            return db.writer().write(tx -> {
                if (tx.fetchExists(USERS, USERS.EMAIL_KEY.eq(email.key()))) {
                    throw emailTaken();
                }
                return tx.insertInto(USERS)
                        .set(USERS.EMAIL, email.value())
                        .set(USERS.EMAIL_KEY, email.key())
                        .set(USERS.PASSWORD_HASH, passwordHash)
                        .set(USERS.CREATED_AT, now)
                        .returningResult(USERS.ID, USERS.EMAIL, USERS.CREATED_AT)
                        .fetchOne(Records.mapping(User::new));
            });
        } catch (IntegrityConstraintViolationException e) {
            throw emailTaken();
        }
    }

    Optional<Credentials> findCredentials(String emailKey) {
        if (!Database.canHold(emailKey)) {
            return Optional.empty();
        }
        return db.reads()
                .select(USERS.ID, USERS.EMAIL, USERS.PASSWORD_HASH)
                .from(USERS)
                .where(USERS.EMAIL_KEY.eq(emailKey))
                .fetchOptional(Records.mapping(Credentials::new));
    }

    Optional<User> find(long id) {
        return db.reads()
                .select(USERS.ID, USERS.EMAIL, USERS.CREATED_AT)
                .from(USERS)
                .where(USERS.ID.eq(id))
                .fetchOptional(Records.mapping(User::new));
    }

    private static ApiException.Conflict emailTaken() {
        return new ApiException.Conflict("an account with this email already exists");
    }
}
