package dev.parley.server.flows;

/**
 * A session of the owner's, with a member and a message of the owner's in it, that the probes of
 * {@link DocumentedStatusFlows} name in an operation's path: fresh for each operation, as some delete.
 */
record ProbeTarget(long sessionId, long memberId, long messageId) {

    /** Added to each id to make one that does not exist. */
    private static final long UNKNOWN = 1_000_000_000L;

    /** {@code path} with {@code query} added to the query it may already have. */
    static String withQuery(String path, String query) {
        return path + (path.contains("?") ? "&" : "?") + query;
    }

    /** The operation's path for this session and member, with its required query parameters. */
    String path(DocumentedOperation operation) {
        return withRequiredQuery(operation, fill(operation.template(), sessionId, memberId, messageId));
    }

    /** The same session, naming {@code userId} where a member is named. */
    ProbeTarget naming(long userId) {
        return new ProbeTarget(sessionId, userId, messageId);
    }

    /** The operation's path with ids that do not exist. */
    String unknown(DocumentedOperation operation) {
        return withRequiredQuery(
                operation, fill(operation.template(), sessionId + UNKNOWN, memberId + UNKNOWN, messageId + UNKNOWN));
    }

    /** A session id that does not exist, for a query that names one. */
    long unknownSessionId() {
        return sessionId + UNKNOWN;
    }

    private static String withRequiredQuery(DocumentedOperation operation, String path) {
        String query = operation.requiredQuery();
        return query.isEmpty() ? path : withQuery(path, query);
    }

    private static String fill(String template, long sessionId, long userId, long messageId) {
        return template.replace("{id}", Long.toString(sessionId))
                .replace("{user_id}", Long.toString(userId))
                .replace("{message_id}", Long.toString(messageId));
    }
}
