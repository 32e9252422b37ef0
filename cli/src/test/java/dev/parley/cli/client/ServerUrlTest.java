package dev.parley.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerUrlTest {

    @Test
    void oneServerHasOneSpelling() {
        assertThat(ServerUrl.parse("http://127.0.0.1:8080")).hasToString("http://127.0.0.1:8080");
        assertThat(ServerUrl.parse(" HTTP://LocalHost:8080/ ")).hasToString("http://localhost:8080");
        assertThat(ServerUrl.parse("https://example.com:443/?x=1#top")).hasToString("https://example.com");
        assertThat(ServerUrl.parse("http://127.0.0.1:8080/")).isEqualTo(ServerUrl.parse("http://127.0.0.1:8080"));
    }

    @Test
    void aPathPrefixIsKeptAndApiPathsGoBelowIt() {
        ServerUrl proxied = ServerUrl.parse("https://example.com/parley");

        assertThat(proxied).hasToString("https://example.com/parley");
        assertThat(proxied.resolve("users/me")).hasToString("https://example.com/parley/users/me");
        assertThat(ServerUrl.parse("http://127.0.0.1:8080").resolve("token"))
                .hasToString("http://127.0.0.1:8080/token");
    }

    @Test
    void onlyHttpUrlsWithoutCredentialsAreServers() {
        assertThatThrownBy(() -> ServerUrl.parse("127.0.0.1:8080")).hasMessageContaining("not an http or https URL");
        assertThatThrownBy(() -> ServerUrl.parse("ftp://example.com")).hasMessageContaining("not an http or https URL");
        assertThatThrownBy(() -> ServerUrl.parse("https://ann:secret@example.com"))
                .hasMessageContaining("no user name or password")
                .hasMessageNotContaining("secret");
    }
}
