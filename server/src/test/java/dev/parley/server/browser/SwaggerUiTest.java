package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * /docs as a person uses it, in a real browser: Swagger UI renders Parley's document, "Authorize"
 * logs in through {@code POST /token}, and "Try it out" posts into a session, twice, as two messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Chromium chromium;
    private TestServer server;

    @BeforeAll
    void start() {
        chromium = Chromium.startOrSkip();
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void twoPostsThroughTryItOutAreTwoMessages() throws Exception {
        ApiClient api = ApiClient.of(server);
        Account account = api.newAccount();
        Session session = api.post("/sessions").as(account).send().as(Session.class);

        chromium.withEvidence("swagger-ui-two-posts", () -> {
            chromium.driver().get(server.baseUri() + "/docs/");
            assertThat(chromium.await(
                                    "Swagger UI to render the document",
                                    WAIT,
                                    browser -> browser.findElement(By.cssSelector(".swagger-ui .info .title")))
                            .getText())
                    .contains("Parley");
            authorize(account);

            WebElement operation = expand("operations-messages-postMessage");
            click(operation, ".try-out__btn");
            WebElement sessionId = operation.findElement(By.cssSelector("tr[data-param-name='id'] input"));
            sessionId.clear();
            sessionId.sendKeys(Long.toString(session.id()));
            assertThat(operation
                            .findElement(By.cssSelector("tr[data-param-name='Idempotency-Key'] input"))
                            .getDomProperty("value"))
                    .as("the Idempotency-Key Swagger UI fills in")
                    .isEmpty();

            assertThat(execute(operation)).isEqualTo("201");
            click(operation, ".btn-clear");
            assertThat(execute(operation)).isEqualTo("201");
        });

        MessagePage stored = api.get("/sessions/" + session.id() + "/messages")
                .as(account)
                .send()
                .as(MessagePage.class);
        assertThat(stored.messages()).hasSize(2);
        assertThat(stored.messages()).extracting(Message::id).doesNotHaveDuplicates();
        assertThat(stored.messages())
                .extracting(Message::userId)
                .containsOnly(account.user().id());
    }

    /** Logs in as {@code account} with the password flow of the Authorize dialog, which calls POST /token. */
    private void authorize(Account account) {
        click(chromium.driver().findElement(By.cssSelector(".scheme-container")), ".btn.authorize");
        WebElement dialog = chromium.await(
                "the Authorize dialog", WAIT, browser -> browser.findElement(By.cssSelector(".modal-ux")));
        WebElement passwordFlow = dialog.findElement(
                By.xpath(".//*[@id='oauth_username']/ancestor::div[contains(@class,'auth-container')]"));
        passwordFlow.findElement(By.id("oauth_username")).sendKeys(account.email());
        passwordFlow.findElement(By.id("oauth_password")).sendKeys(account.password());
        click(passwordFlow, ".auth-btn-wrapper .authorize");
        // Authorized, the flow's section is drawn anew, with a Logout button in place of Authorize.
        chromium.await(
                "the password flow to be authorized",
                WAIT,
                browser -> dialog.findElement(By.xpath(".//button[normalize-space()='Logout']")));
        click(dialog, ".close-modal");
    }

    /** Opens the operation whose element id Swagger UI derives from its tag and operationId. */
    private WebElement expand(String id) {
        WebElement operation = chromium.await(id, WAIT, browser -> browser.findElement(By.id(id)));
        click(operation, ".opblock-summary");
        chromium.await(id + " to open", WAIT, browser -> operation.findElement(By.cssSelector(".opblock-body")));
        return operation;
    }

    /** Clicks Execute and returns the status of the live response shown. */
    private String execute(WebElement operation) {
        click(operation, ".btn.execute");
        return chromium.await("a response to Execute", WAIT, browser -> {
            String status = operation
                    .findElement(By.cssSelector(".live-responses-table .response .response-col_status"))
                    .getText()
                    .strip();
            return status.isEmpty() ? null : status;
        });
    }

    private void click(WebElement within, String selector) {
        WebElement target = chromium.await(selector, WAIT, browser -> within.findElement(By.cssSelector(selector)));
        chromium.script("arguments[0].scrollIntoView({block: 'center'});", target);
        target.click();
    }
}
