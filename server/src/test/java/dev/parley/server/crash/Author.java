package dev.parley.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** A registered, logged-in user with a session of their own to post to. */
record Author(Account account, Session session) {

    /** Registers {@code count} users and opens a session for each. */
    static List<Author> register(ApiClient api, int count) {
        return IntStream.range(0, count)
                .mapToObj(n -> {
                    Account account = api.newAccount();
                    Response created = api.post("/sessions")
                            .as(account)
                            .json(new SessionTitle("crash test " + n))
                            .send();
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    return new Author(account, created.as(Session.class));
                })
                .toList();
    }

    /** Every message of the session, read through the API page by page, in id order. */
    List<Message> history(ApiClient api) {
        List<Message> messages = new ArrayList<>();
        long after = 0;
        while (true) {
            Response page = api.get("/sessions/" + session.id() + "/messages?limit=500&after_id=" + after)
                    .as(account)
                    .send();
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            MessagePage read = page.as(MessagePage.class);
            messages.addAll(read.messages());
            if (!read.hasMore() || read.messages().isEmpty()) {
                return messages;
            }
            after = read.messages().getLast().id();
        }
    }
}
