package dev.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/grafana/parley-dashboard.json is a dashboard Grafana imports, whose every query is PromQL
 * that Prometheus parses; deploy/prometheus.yml is a configuration Prometheus loads. (That the
 * dashboard's metrics are served is AbstractMetricsTest's.) The PromQL and the configuration are
 * checked with promtool, when it is on the PATH; without it those checks are skipped, saying so.
 */
class DeployExamplesTest {

    private static final Path PROMETHEUS_YML = Path.of("..", "deploy", "prometheus.yml");

    @Test
    void theDashboardIsOneGrafanaImports() throws IOException {
        JsonNode dashboard = Json.mapper().readTree(Files.readString(AbstractMetricsTest.DASHBOARD));

        assertThat(dashboard.path("title").asText()).isEqualTo("Parley");
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
                .contains("datasource", "instance");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("unique panel id %s", panel.path("id"))
                    .isTrue();
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets"))
                        .as("queries of %s", panel.path("title"))
                        .isNotEmpty();
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            }
        }
        assertThat(ids).hasSizeGreaterThan(15);
    }

    @Test
    void everyDashboardQueryIsPromql(@TempDir Path dir) throws IOException, InterruptedException {
        Path promtool = promtool();
        JsonNode dashboard = Json.mapper().readTree(Files.readString(AbstractMetricsTest.DASHBOARD));
        List<String> rules = new ArrayList<>(List.of("groups:", "  - name: parley-dashboard", "    rules:"));
        int n = 0;
        for (JsonNode expr : dashboard.findValues("expr")) {
            // Grafana's variables, as Grafana would fill them in.
            String promql = expr.asText().replace("$__rate_interval", "1m").replace("$instance", ".+");
            rules.add("      - record: parley_dashboard_query_" + n++);
            rules.add("        expr: '" + promql.replace("'", "''") + "'");
        }
        Path file = dir.resolve("queries.yml");
        Files.write(file, rules);

        assertThat(run(promtool, "check", "rules", file.toString())).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void thePrometheusExampleLoadsAndScrapesParley() throws IOException, InterruptedException {
        assertThat(Files.readString(PROMETHEUS_YML)).contains("metrics_path: /observe/metrics");

        assertThat(run(promtool(), "check", "config", PROMETHEUS_YML.toString()))
                .contains("SUCCESS");
    }

    private static String run(Path promtool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(said).isZero();
        return said;
    }

    /** promtool, or the test is skipped with the reason. */
    static Path promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        assumeTrue(
                false,
                "SKIPPED: promtool is not on the PATH (apt-get install prometheus; .ci/run does): "
                        + "not checked with Prometheus' own tool");
        return null;
    }
}
