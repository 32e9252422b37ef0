package dev.parley.server.account;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt on a small pool of platform threads. Request handlers run on virtual threads, which share
 * a few carrier threads: a quarter second of hashing on a carrier would stall every other request
 * scheduled on it, so the hashing happens here and the virtual thread merely waits for it.
 */
final class PasswordHasher implements AutoCloseable {

    private final int cost;
    private final ExecutorService pool;
    /** Compared against for unknown emails, so they cost the same work as a wrong password. */
    private final String decoyHash;

    PasswordHasher(int cost, int threads) {
        this.cost = cost;
        this.pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("parley-bcrypt-", 0).daemon(true).factory());
        this.decoyHash = BCrypt.hashpw("decoy password that matches nothing", BCrypt.gensalt(cost));
    }

    String hash(Password password) {
        return onPool(() -> BCrypt.hashpw(password.text(), BCrypt.gensalt(cost)));
    }

    boolean matches(String password, String hash) {
        return onPool(() -> BCrypt.checkpw(password, hash));
    }

    /** Spends the work of one check and returns nothing: the answer for an unknown email. */
    void spendEquivalentWork(String password) {
        matches(password, decoyHash);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private <T> T onPool(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, pool).join();
    }
}
