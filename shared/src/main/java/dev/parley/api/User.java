package dev.parley.api;

import java.time.Instant;

/** A registered account as the API shows it; never carries the password hash. */
public record User(long id, String email, Instant createdAt) {}
