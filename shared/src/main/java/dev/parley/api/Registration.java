package dev.parley.api;

/** Body of {@code POST /users}; also the JSON form of a password grant at {@code POST /token}. */
public record Registration(String email, String password) {

    /** Keeps passwords out of logs and exception messages that print records. */
    @Override
    public String toString() {
        return "Registration[email=" + email + ", password=***]";
    }
}
