package dev.parley.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Someone in a session: its owner, or a member the owner added. */
public record Member(long userId, String email, Role role, Instant joinedAt) {

    /** What a person may do in the session: the owner renames, deletes and manages members. */
    public enum Role {
        @JsonProperty("owner")
        OWNER,
        @JsonProperty("member")
        MEMBER
    }
}
