package dev.parley.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a Grafana dashboard's PromQL queries select. */
final class DashboardQueries {

    /**
     * A selector: a name followed by its labels or a range. The dashboard writes every selector with
     * its labels ({@code {instance=~"$instance"}}), so none is missed; function names are followed by
     * a parenthesis, and label names sit inside the braces.
     */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]");

    private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");

    private DashboardQueries() {}

    static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher selector = SELECTOR.matcher(LABELS.matcher(expr.asText()).replaceAll("{}"));
            while (selector.find()) {
                names.add(selector.group(1));
            }
        }
        return names;
    }
}
