package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.TestServer;

/**
 * The people of {@link DocumentedStatusFlows}' probes on one server: an owner, a member of the
 * owner's sessions, and two strangers.
 */
final class ProbeAccounts {
    private final ApiClient api;
    private Account owner;
    private Account member;
    private Account stranger;
    private final Account fourth;

    ProbeAccounts(TestServer server) {
        this.api = ApiClient.of(server);
        this.owner = api.newAccount();
        this.member = api.newAccount();
        this.stranger = api.newAccount();
        this.fourth = api.newAccount();
    }

    Account owner() {
        return owner;
    }

    Account member() {
        return member;
    }

    Account stranger() {
        return stranger;
    }

    Account fourth() {
        return fourth;
    }

    /** New log-ins: new grants, whatever the probes did to the last ones. */
    void logInAgain() {
        owner = logIn(owner);
        member = logIn(member);
        stranger = logIn(stranger);
    }

    private Account logIn(Account account) {
        return new Account(account.user(), account.password(), api.logIn(account.email(), account.password()));
    }

    ProbeTarget freshTarget() {
        Session session = api.post("/sessions")
                .as(owner)
                .body("application/json", "{\"title\":\"probed\"}")
                .send()
                .as(Session.class);
        addToSession(session.id(), member);
        ApiClient.Response posted = api.post("/sessions/" + session.id() + "/messages")
                .as(owner)
                .body("application/json", "{\"text\":\"probe\"}")
                .send();
        assertThat(posted.status()).isEqualTo(201);
        return new ProbeTarget(
                session.id(), member.user().id(), posted.json().path("id").asLong());
    }

    void addToSession(ProbeTarget target, Account account) {
        addToSession(target.sessionId(), account);
    }

    private void addToSession(long sessionId, Account account) {
        assertThat(api.post("/sessions/" + sessionId + "/members")
                        .as(owner)
                        .body("application/json", "{\"email\":\"" + account.email() + "\"}")
                        .send()
                        .status())
                .isEqualTo(201);
    }
}
