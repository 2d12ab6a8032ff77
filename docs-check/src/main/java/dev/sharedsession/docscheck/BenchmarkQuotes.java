package dev.sharedsession.docscheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers quoted from the benchmark report must be the committed {@code results.json}'s. A quote
 * is marked with an HTML comment naming the numbers it quotes, GitHub shows nothing of it:
 * <pre>
 * &lt;!-- benchmark: cost/openClose cost/poolGetConnectionClose --&gt;
 * </pre>
 * on a line of its own right before the paragraph, list or table that quotes them, or inline,
 * inside the paragraph or table cell. Each name's number is worked out from results.json by the
 * benchmarks module's own reader and written as its report writes it ({@code 0.201 ± 0.0115},
 * {@code 6.95 (6.47 – 7.46)}), and that text must appear in the marked block.
 */
final class BenchmarkQuotes {

    /** The report's numbers, relative to the project root. */
    static final String RESULTS = "docs/benchmarks/results.json";

    private static final Pattern MARKER = Pattern.compile("benchmark:(.*)", Pattern.DOTALL);
    /** What a measured number looks like: a time in µs, a throughput, a ratio with its interval. */
    private static final Pattern MEASURED = Pattern.compile(
            "\\d[\\d,]*(?:\\.\\d+)? ?(?:± [\\d.,]+ ?)?µs|\\d[\\d,]* units of work|\\d+\\.\\d+ \\(\\d[\\d.]* – [\\d.]+");
    /** A link into the benchmark report's folder. */
    private static final Pattern REPORT_LINK = Pattern.compile("(^|/)benchmarks/(README\\.md|report\\.md|results\\.json)?(#.*)?$");
    private static final int EXCERPT = 160;

    private final Path results;
    private final Function<Path, Map<String, String>> reader;
    private Map<String, String> numbers;

    /** {@code reader}: every quotable number's name → its text, as the report writes it, from a results.json. */
    BenchmarkQuotes(Path results, Function<Path, Map<String, String>> reader) {
        this.results = results;
        this.reader = reader;
    }

    /** Read once, when a page first quotes a number: most checks of fixture pages never need it. */
    private Map<String, String> numbers() {
        if (numbers == null) {
            numbers = reader.apply(results);
        }
        return numbers;
    }

    static boolean isMarker(String commentBody) {
        return MARKER.matcher(commentBody).matches();
    }

    /**
     * Why a paragraph or table that links to the benchmark report and says a measured number is a
     * problem: it has no marker, so the number could go stale unseen; or empty.
     */
    Optional<String> unmarked(MarkdownPage.Block block) {
        if (block.comments().stream().anyMatch(BenchmarkQuotes::isMarker)
                || block.targets().stream().noneMatch(t -> REPORT_LINK.matcher(t).find())) {
            return Optional.empty();
        }
        Matcher measured = MEASURED.matcher(block.text());
        return measured.find() ? Optional.of("\"" + measured.group() + "\", quoted from the benchmark report → the block has no"
                + " <!-- benchmark: NAME ... --> marker, so it is not checked against " + RESULTS) : Optional.empty();
    }

    /** Whether the text says the number: not as a part of a longer one (280 is not in 2,280 or 280.5). */
    private static boolean says(String text, String number) {
        return Pattern.compile("(?<![\\d.,])" + Pattern.quote(number) + "(?![\\d]|[.,]\\d)").matcher(text).find();
    }

    /** The problems of one marker, as {@code what → why}. */
    List<String> problems(String commentBody, String covered) {
        Matcher marker = MARKER.matcher(commentBody);
        if (!marker.matches()) {
            return List.of();
        }
        String what = "<!-- " + commentBody.strip() + " -->";
        List<String> names = List.of(marker.group(1).strip().split("\\s+"));
        if (names.get(0).isEmpty()) {
            return List.of(what + " → names no number (e.g. <!-- benchmark: cost/openClose -->)");
        }
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            String number = numbers().get(name);
            if (number == null) {
                problems.add(what + " → " + RESULTS + " has no number named " + name + " (names: "
                        + String.join(", ", numbers().keySet().stream().sorted().limit(6).toList()) + ", ...)");
            } else if (!says(covered, number)) {
                problems.add(what + " → " + RESULTS + " gives " + name + " = " + number + ", and the text it marks does not say so: \""
                        + (covered.length() > EXCERPT ? covered.substring(0, EXCERPT) + "…" : covered) + "\"");
            }
        }
        return problems;
    }
}
