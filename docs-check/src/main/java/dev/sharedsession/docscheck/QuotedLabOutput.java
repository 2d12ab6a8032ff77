package dev.sharedsession.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the {@code ./lab} output quoted in the docs honest.
 *
 * <p>A quoted output is a fenced block with a marker line right above it (blank lines between
 * are allowed), naming the command that printed it:
 * <pre>
 * &lt;!-- output of: ./lab 4 --mode forced --runs 1 --&gt;
 * ```text
 * ...
 * ```
 * </pre>
 * <ul>
 * <li>A deterministic command ({@code --mode forced}) is run now, in-process (through a
 *     {@link Printer}), and its output must equal the block, after masking only timings
 *     ("Took 3.2 s") and JVM/version details (Hibernate, H2 and JDK versions, the CPU count).</li>
 * <li>A natural run counts whatever the scheduler did, so only its format is compared: with
 *     every number masked and every failure text left out, the block must have the lines the
 *     program prints now for the same command (headings, column headers, each scenario's
 *     number and title, a row's own "here:" line, verdict and footer).
 *     {@code ./lab web} is always a natural run: its bars are collapsed too.</li>
 * <li>A fenced block that looks like {@code ./lab}'s report (its heading, or the column
 *     header, or the old "went wrong" format) or {@code ./lab web}'s (its heading) without a
 *     marker is a problem too: it could not be checked.</li>
 * </ul>
 * {@link #regenerate} rewrites every deterministic block with the current output, timings and
 * versions included ({@link #REGENERATE} is the command).
 */
public final class QuotedLabOutput {

    /** The marker's body: {@code <!-- output of: ./lab ARGS -->}. */
    static final Pattern MARKER = Pattern.compile("output of:\\s*(\\./lab(?:\\s.*)?)", Pattern.DOTALL);
    private static final Pattern LOOKS_LIKE_LAB = Pattern.compile(
            "Can I share a Hibernate Session between threads\\?  Hibernate|│ broken: |^\\s*(broken|safe) \\(.*\\)\\s+\\d+/\\d+ went wrong"
            + "|^The shop under load: ");

    /** The command that regenerates every deterministic block; named in every failure. */
    public static final String REGENERATE = "./mvnw -q test -pl docs-check -am -Dstress.skip=true -Dtest=DocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.regenerate=true";

    /** Runs ./lab for the check: in-process, with the program's own code. */
    public interface Printer {
        /** What {@code ./lab} prints on stdout for each of these argument lists, run now. */
        Map<List<String>, String> print(List<List<String>> commands);

        /** Whether {@code ./lab args} prints the same every time (forced mode). */
        boolean deterministic(List<String> args);

        /** What {@code ./lab args} would print, with made-up counts: its format only. */
        String format(List<String> args);
    }

    /** One quoted output: the page, the marker's line, the command's arguments, the block's lines. */
    record Block(Path page, int markerLine, List<String> args, int firstLine, int lastLine, String text) {
        String command() {
            return "./lab" + (args.isEmpty() ? "" : " " + String.join(" ", args));
        }
    }

    private final Path root;
    private final Printer printer;

    public QuotedLabOutput(Path root, Printer printer) {
        this.root = root.toAbsolutePath().normalize();
        this.printer = printer;
    }

    /** Every problem with the quoted outputs of {@code pages} (paths relative to the root), as {@code page:line: what}. */
    public List<String> check(List<String> pages) {
        List<String> problems = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (String page : pages) {
            blocks.addAll(scan(page, problems));
        }
        Map<List<String>, String> printed = printer.print(blocks.stream()
                .map(Block::args).filter(printer::deterministic).distinct().toList());
        for (Block block : blocks) {
            String where = name(block.page()) + ":" + block.markerLine() + ": ";
            if (printer.deterministic(block.args())) {
                String now = printed.get(block.args());
                if (now == null) {
                    problems.add(where + block.command() + " printed nothing");
                    continue;
                }
                String difference = firstDifference(mask(block.text()), mask(now));
                if (difference != null) {
                    problems.add(where + "the quoted output of `" + block.command() + "` is not what it prints now ("
                            + difference + "); regenerate every quoted output with: " + REGENERATE
                            + " (or run the command and paste its output). It prints now:\n" + indent(now));
                }
            } else {
                String format = printer.format(block.args());
                String difference = firstDifference(shape(block.text()), shape(format));
                if (difference != null) {
                    problems.add(where + "the quoted output of `" + block.command() + "` (a natural run: only its format is compared)"
                            + " is not in the format ./lab prints now (" + difference + "); rerun `" + block.command()
                            + "` and paste its output. Its format now, with made-up counts:\n" + indent(format));
                }
            }
        }
        return problems;
    }

    /** Rewrites every deterministic block of {@code pages} with what its command prints now; returns the pages changed. */
    public List<String> regenerate(List<String> pages) {
        List<Block> blocks = new ArrayList<>();
        for (String page : pages) {
            blocks.addAll(scan(page, new ArrayList<>()));
        }
        blocks.removeIf(b -> !printer.deterministic(b.args()));
        Map<List<String>, String> printed = printer.print(blocks.stream().map(Block::args).distinct().toList());
        Map<Path, List<String>> files = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        // Bottom-up, so that earlier blocks' line numbers stay valid.
        for (int i = blocks.size() - 1; i >= 0; i--) {
            Block block = blocks.get(i);
            String now = printed.get(block.args());
            // Compared unmasked: a regeneration also refreshes the timings and versions quoted.
            if (now == null || now.stripTrailing().equals(block.text().stripTrailing())) {
                continue;
            }
            List<String> lines = files.computeIfAbsent(block.page(), QuotedLabOutput::readLines);
            List<String> region = lines.subList(block.firstLine() - 1, block.lastLine());
            region.clear();
            region.addAll(now.stripTrailing().lines().toList());
            if (!changed.contains(name(block.page()))) {
                changed.add(0, name(block.page()));
            }
        }
        files.forEach((file, lines) -> {
            try {
                Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return changed;
    }

    /** The marked blocks of a page; unmarked blocks that look like ./lab output go to {@code problems}. */
    List<Block> scan(String pageName, List<String> problems) {
        Path page = root.resolve(pageName);
        MarkdownPage markdown = MarkdownPage.read(page);
        List<Block> blocks = new ArrayList<>();
        Set<Integer> marked = new HashSet<>();
        for (MarkdownPage.Comment comment : markdown.comments()) {
            Matcher marker = MARKER.matcher(comment.body());
            if (!marker.matches()) {
                continue;
            }
            MarkdownPage.Fence fence = comment.fence();
            if (fence == null) {
                problems.add(pageName + ":" + comment.line() + ": the marker `" + marker.group(1).strip()
                        + "` is not followed by a fenced block (it must be a line of its own; only blank lines may come between)");
                continue;
            }
            marked.add(fence.line());
            List<String> args = ShellWords.split(marker.group(1)).stream().skip(1).toList();
            blocks.add(new Block(page, comment.line(), args, fence.firstLine(), fence.lastLine(), fence.text()));
        }
        for (MarkdownPage.Fence fence : markdown.fences()) {
            if (!marked.contains(fence.line()) && fence.text().lines().anyMatch(l -> LOOKS_LIKE_LAB.matcher(l).find())) {
                problems.add(pageName + ":" + fence.line() + ": a block that looks like ./lab output has no"
                        + " `<!-- output of: ./lab ... -->` marker above it, so it cannot be checked against the program");
            }
        }
        return blocks;
    }

    /** Masks what legitimately differs between two runs of a deterministic command: timings and versions. */
    static String mask(String output) {
        return output.stripTrailing().lines()
                .map(l -> l.stripTrailing()
                        .replaceAll("Hibernate \\S+,", "Hibernate <version>,")
                        .replaceAll("H2 \\S+ in memory", "H2 <version> in memory")
                        .replaceAll("JDK [0-9][0-9.]*", "JDK <version>")
                        .replaceAll("\\d+ CPUs?", "<n> CPUs")
                        .replaceAll("^Took [0-9.]+ s", "Took <time> s"))
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /**
     * A natural run's format: every number masked, every failure text (the cell after a
     * wrong/runs ratio) dropped, column padding and rule lengths collapsed, and the closing
     * line's note of stuck runs dropped (whether a natural run hangs is the scheduler's choice),
     * and {@code ./lab web}'s bars (a run of █ as long as the measurement) collapsed to one █.
     */
    static String shape(String output) {
        List<String> shaped = new ArrayList<>();
        for (String line : mask(output).lines()
                .map(l -> l.replaceAll("; \\d+ stuck runs? cut off by killing (its|their) workers?\\.$", ".")
                        .replaceAll("█+", "█"))
                .toList()) {
            if (line.isBlank()) {
                shaped.add("");
                continue;
            }
            String[] cells = line.split("[│┼]", -1);
            StringBuilder out = new StringBuilder();
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip();
                if (cell.matches("─+")) {
                    cell = "─";
                } else if (cell.matches("\\d+/\\d+(\\s.*)?") && !cell.startsWith("↳")) {
                    cell = "<n>/<n> <failure>";
                } else {
                    cell = cell.replaceAll("\\d+(\\.\\d+)?", "<n>").replaceAll("\\s+", " ");
                }
                out.append(c == 0 ? "" : line.contains("┼") ? " ┼ " : " │ ").append(cell);
            }
            shaped.add(out.toString().strip());
        }
        return String.join("\n", shaped);
    }

    /** The first differing line, as {@code line N: quoted "..." / now "..."}, or null if equal. */
    static String firstDifference(String quoted, String now) {
        List<String> a = quoted.lines().toList();
        List<String> b = now.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "(nothing)";
            String y = i < b.size() ? b.get(i) : "(nothing)";
            if (!x.equals(y)) {
                return "line " + (i + 1) + " of the block: quoted \"" + x + "\", now \"" + y + "\"";
            }
        }
        return null;
    }

    private static String indent(String text) {
        return text.stripTrailing().lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private String name(Path page) {
        return root.relativize(page).toString().replace('\\', '/');
    }

    private static List<String> readLines(Path file) {
        try {
            return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
