package dev.parley.api;

import java.util.List;

/** Everyone in a session, the owner included, in the order they joined. */
public record MemberList(List<Member> members) {

    public MemberList {
        members = List.copyOf(members);
    }
}
