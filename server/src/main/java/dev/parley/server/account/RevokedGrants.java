package dev.parley.server.account;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Grants revoked recently enough that access tokens issued from them may still be unexpired, held
 * in memory so that every request's check costs a hash look-up. Loaded from the database at start
 * (revocation survives a restart) and added to on each log-out.
 */
final class RevokedGrants {

    private final Set<Long> ids = ConcurrentHashMap.newKeySet();

    boolean contains(long grantId) {
        return ids.contains(grantId);
    }

    void add(long grantId) {
        ids.add(grantId);
    }

    void addAll(Iterable<Long> grantIds) {
        grantIds.forEach(ids::add);
    }
}
