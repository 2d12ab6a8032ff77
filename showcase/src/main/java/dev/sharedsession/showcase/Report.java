package dev.sharedsession.showcase;

import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Tally;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Results} as a table for the terminal, as Markdown, or as JSON.
 *
 * <p>The scenarios come in the catalogue's two parts ({@link Part}), each a section with its own
 * heading and a verdict of its own, rows in number order within a part. A side's column header
 * says what that side does in most of its part's scenarios ({@link Part#usually}), if anything; a
 * scenario whose side does something else ({@link ScenarioPair#does(Side)}, e.g. scenario 7's
 * broken side: one long-lived Session for the catalogue) says so in its own row, as does every
 * row of a part with no usual case.
 */
final class Report {

    private static final int RATIO = 12;
    /** The guarded side's "stopped" count: the number right-aligned under the heading's 7 letters. */
    private static final int STOPPED = 9;
    private static final String GUARD_HEADING = "broken, guard on: " + SessionGuard.SETTING + "=confined";
    private static final String GUARD_LABEL_HEADING = "stopped where, or commonest failure";

    private Report() {
    }

    static String render(Results results, LabArguments.Format format) {
        return switch (format) {
            case table -> table(results);
            case markdown -> markdown(results);
            case json -> json(results);
        };
    }

    static String table(Results results) {
        // Columns as wide as their content, within limits, and alike in both parts: the Markdown
        // and JSON reports carry every label in full. With the guarded side, three columns share the width.
        boolean guarded = results.guarded();
        int title = width(results, r -> r.scenario().title(), "scenario", guarded ? 36 : 40);
        int broken = width(results, r -> widest(failure(r.broken()), ownLine(r.scenario(), Side.BROKEN)), "commonest failure",
                guarded ? 36 : 56);
        int guard = guarded ? width(results, r -> guardLabel(r.guarded()), GUARD_LABEL_HEADING, 56) : 0;
        int safe = width(results, r -> widest(failure(r.safe()), ownLine(r.scenario(), Side.SAFE)), "commonest failure",
                guarded ? 30 : 52);
        String middle = guarded ? "%-" + STOPPED + "s%-" + RATIO + "s%-" + (guard + 1) + "s │ " : "";
        String format = "%-2s  %-" + title + "s │ %-" + RATIO + "s%-" + (broken + 1) + "s │ " + middle + "%-" + RATIO + "s%s%n";
        StringBuilder out = new StringBuilder();
        out.append(heading(results)).append('\n').append(how(results)).append('\n');
        for (Part part : results.parts()) {
            // Each part its own section: its heading says what the part is, and its column headers
            // what its sides do, if they do one thing in most of its rows.
            out.append('\n').append(part.heading()).append(": ").append(part.about()).append('\n');
            out.append(String.format("%-2s  %-" + title + "s │ %-" + (RATIO + broken + 1) + "s │ "
                            + (guarded ? "%-" + (STOPPED + RATIO + guard + 1) + "s │ " : "%s") + "%s%n",
                    " #", "scenario", columnHeading(part, Side.BROKEN), guarded ? GUARD_HEADING : "", columnHeading(part, Side.SAFE)));
            out.append(String.format(format, cells(guarded, "", "", "wrong/runs", "commonest failure",
                    "stopped", "wrong/runs", GUARD_LABEL_HEADING, "wrong/runs", "commonest failure")));
            out.append("─".repeat(4 + title + 1)).append('┼').append("─".repeat(RATIO + broken + 3)).append('┼');
            if (guarded) {
                out.append("─".repeat(STOPPED + RATIO + guard + 3)).append('┼');
            }
            out.append("─".repeat(RATIO + safe + 1)).append('\n');
            for (Results.ScenarioResult result : results.of(part).scenarios()) {
                Tally guardedTally = result.of(Side.GUARDED);
                out.append(String.format(format, cells(guarded, String.format("%2d", result.scenario().number()),
                        fit(result.scenario().title(), title), ratio(result.broken()), fit(failure(result.broken()), broken),
                        String.format("%7d", guardedTally.stopped()), ratio(guardedTally), guarded ? fit(guardLabel(guardedTally), guard) : "",
                        ratio(result.safe()), fit(failure(result.safe()), safe))));
                String brokenDoes = ownLine(result.scenario(), Side.BROKEN);
                String safeDoes = ownLine(result.scenario(), Side.SAFE);
                if (!brokenDoes.isEmpty() || !safeDoes.isEmpty()) {
                    out.append(String.format(format, cells(guarded, "", "", "", fit(brokenDoes, broken), "", "", "", "",
                            fit(safeDoes, safe))).stripTrailing()).append('\n');
                }
            }
        }
        out.append('\n');
        for (Part part : results.parts()) {
            out.append(results.verdict(part)).append('\n');
        }
        if (guarded) {
            for (Part part : results.parts()) {
                out.append(results.guardVerdict(part)).append('\n');
            }
        }
        out.append(footer(results)).append('\n');
        return out.toString();
    }

    /** A side's column heading in a part's section: the side, and what it does in most of the part's rows, if anything. */
    static String columnHeading(Part part, Side side) {
        String usually = part.usually(side);
        return side.word() + (usually == null ? "" : ": " + usually);
    }

    /** A table row's cells, in column order; the guarded side's three only with {@code --guard}. */
    private static Object[] cells(boolean guarded, String number, String title, String brokenRatio, String brokenText,
                                  String stopped, String guardedRatio, String guardedText, String safeRatio, String safeText) {
        return guarded
                ? new Object[] {number, title, brokenRatio, brokenText, stopped, guardedRatio, guardedText, safeRatio, safeText}
                : new Object[] {number, title, brokenRatio, brokenText, safeRatio, safeText};
    }

    /**
     * The guarded side's cell: whom the guard stopped where (the commonest stop, without the
     * "stopped: " its count already says), or else the commonest failure.
     */
    private static String guardLabel(Tally tally) {
        return tally.commonestStop().map(stop -> stop.substring(Outcome.STOPPED.length())).orElse(failure(tally));
    }

    /**
     * What {@code side} does in {@code scenario}, if that differs from what its column header
     * in the scenario's part says ({@link Part#usually}); empty if the header tells the truth for this row.
     */
    static Optional<String> ownDoes(ScenarioPair scenario, Side side) {
        String does = scenario.does(side);
        return does == null || does.isBlank() || does.equals(scenario.part().usually(side)) ? Optional.empty() : Optional.of(does);
    }

    /** The table's line under a row whose side does something else than its header says, or "". */
    private static String ownLine(ScenarioPair scenario, Side side) {
        return ownDoes(scenario, side).map(d -> "↳ here: " + d).orElse("");
    }

    private static String widest(String a, String b) {
        return a.length() >= b.length() ? a : b;
    }

    private static int width(Results results, java.util.function.Function<Results.ScenarioResult, String> text,
                             String heading, int most) {
        int widest = results.scenarios().stream().map(text).mapToInt(String::length).max().orElse(0);
        return Math.min(most, Math.max(heading.length(), widest));
    }

    private static String ratio(Tally tally) {
        return String.format("%5d/%-5d", tally.wentWrong(), tally.runs());
    }

    private static String failure(Tally tally) {
        return tally.commonestFailure().orElse("—");
    }

    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    static String markdown(Results results) {
        boolean guarded = results.guarded();
        StringBuilder out = new StringBuilder();
        out.append("**").append(heading(results)).append("**\n\n").append(how(results)).append("\n\n");
        for (Part part : results.parts()) {
            out.append("**").append(part.heading()).append("**: ").append(part.about()).append("\n\n");
            out.append("| # | scenario | ").append(markdownHeading(part, Side.BROKEN)).append(": went wrong | broken: commonest failure | ");
            if (guarded) {
                out.append(GUARD_HEADING).append(": stopped | guard on: went wrong | guard on: ").append(GUARD_LABEL_HEADING).append(" | ");
            }
            out.append(markdownHeading(part, Side.SAFE)).append(": went wrong | safe: commonest failure |\n");
            out.append(guarded ? "| ---: | --- | ---: | --- | ---: | ---: | --- | ---: | --- |\n" : "| ---: | --- | ---: | --- | ---: | --- |\n");
            for (Results.ScenarioResult result : results.of(part).scenarios()) {
                out.append("| ").append(result.scenario().number())
                        .append(" | ").append(cell(result.scenario().title()))
                        .append(" | ").append(result.broken().wentWrong()).append('/').append(result.broken().runs())
                        .append(" | ").append(ownDoes(result.scenario(), Side.BROKEN).map(d -> "*here: " + cell(d) + "*; ").orElse(""))
                        .append(cell(failure(result.broken())));
                if (guarded) {
                    Tally guardedTally = result.of(Side.GUARDED);
                    out.append(" | ").append(guardedTally.stopped())
                            .append(" | ").append(guardedTally.wentWrong()).append('/').append(guardedTally.runs())
                            .append(" | ").append(cell(guardLabel(guardedTally)));
                }
                out.append(" | ").append(result.safe().wentWrong()).append('/').append(result.safe().runs())
                        .append(" | ").append(ownDoes(result.scenario(), Side.SAFE).map(d -> "*here: " + cell(d) + "*; ").orElse(""))
                        .append(cell(failure(result.safe())))
                        .append(" |\n");
            }
            out.append('\n');
        }
        for (Part part : results.parts()) {
            out.append(results.verdict(part)).append("\n\n");
        }
        if (guarded) {
            for (Part part : results.parts()) {
                out.append(results.guardVerdict(part)).append("\n\n");
            }
        }
        out.append(footer(results)).append('\n');
        return out.toString();
    }

    /** A side's Markdown column heading in a part's table: "broken (one Session shared)", or "broken". */
    private static String markdownHeading(Part part, Side side) {
        String usually = part.usually(side);
        return side.word() + (usually == null ? "" : " (" + usually + ")");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    static String json(Results results) {
        LabArguments arguments = results.arguments();
        StringBuilder out = new StringBuilder("{\n");
        field(out, 1, "hibernate", quote(org.hibernate.Version.getVersionString())).append(",\n");
        field(out, 1, "jdk", quote(Runtime.version().toString())).append(",\n");
        field(out, 1, "database", quote(database(arguments))).append(",\n");
        field(out, 1, "mode", quote(arguments.mode.name())).append(",\n");
        if (results.guarded()) {
            field(out, 1, "guard", quote("confined")).append(",\n");
        }
        field(out, 1, "runsPerSide", arguments.runs().map(String::valueOf).orElse("null")).append(",\n");
        field(out, 1, "budgetSeconds", arguments.runs().isPresent() ? "null" : String.valueOf(arguments.budget().toMillis() / 1000.0)).append(",\n");
        field(out, 1, "threads", arguments.threads().map(String::valueOf).orElse("null")).append(",\n");
        field(out, 1, "runLimitSeconds", String.valueOf(arguments.runLimit.toMillis() / 1000.0)).append(",\n");
        field(out, 1, "elapsedSeconds", String.format(Locale.ROOT, "%.1f", results.elapsed().toMillis() / 1000.0)).append(",\n");
        field(out, 1, "workerJvms", String.valueOf(results.workerJvms())).append(",\n");
        indent(out, 1).append("\"scenarios\": [");
        String separator = "\n";
        for (Results.ScenarioResult result : results.scenarios()) {
            out.append(separator);
            separator = ",\n";
            indent(out, 2).append("{\n");
            field(out, 3, "number", String.valueOf(result.scenario().number())).append(",\n");
            field(out, 3, "name", quote(result.scenario().name())).append(",\n");
            field(out, 3, "title", quote(result.scenario().title())).append(",\n");
            field(out, 3, "part", quote(result.scenario().part().key())).append(",\n");
            side(out, "broken", result.scenario().does(Side.BROKEN), result.broken()).append(",\n");
            if (results.guarded()) {
                side(out, "guarded", result.scenario().does(Side.GUARDED), result.of(Side.GUARDED)).append(",\n");
            }
            side(out, "safe", result.scenario().does(Side.SAFE), result.safe()).append('\n');
            indent(out, 2).append('}');
        }
        out.append("\n");
        indent(out, 1).append("],\n");
        indent(out, 1).append("\"total\": {\n");
        sideTotals(out, 2, "broken", results.total(Side.BROKEN), results.hangs(Side.BROKEN)).append(",\n");
        if (results.guarded()) {
            sideTotals(out, 2, "guarded", results.total(Side.GUARDED), results.hangs(Side.GUARDED)).append(",\n");
        }
        sideTotals(out, 2, "safe", results.total(Side.SAFE), results.hangs(Side.SAFE)).append('\n');
        indent(out, 1).append("},\n");
        // Each part's own totals and verdict lines, as the table prints them.
        indent(out, 1).append("\"parts\": [");
        separator = "\n";
        for (Part part : results.parts()) {
            Results own = results.of(part);
            out.append(separator);
            separator = ",\n";
            indent(out, 2).append("{\n");
            field(out, 3, "part", quote(part.key())).append(",\n");
            field(out, 3, "heading", quote(part.heading())).append(",\n");
            field(out, 3, "about", quote(part.about())).append(",\n");
            field(out, 3, "scenarios", own.scenarios().stream().map(r -> String.valueOf(r.scenario().number()))
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"))).append(",\n");
            indent(out, 3).append("\"total\": {\n");
            sideTotals(out, 4, "broken", own.total(Side.BROKEN), own.hangs(Side.BROKEN)).append(",\n");
            if (results.guarded()) {
                sideTotals(out, 4, "guarded", own.total(Side.GUARDED), own.hangs(Side.GUARDED)).append(",\n");
            }
            sideTotals(out, 4, "safe", own.total(Side.SAFE), own.hangs(Side.SAFE)).append('\n');
            indent(out, 3).append("},\n");
            field(out, 3, "verdict", quote(results.verdict(part)));
            if (results.guarded()) {
                out.append(",\n");
                field(out, 3, "guardVerdict", quote(results.guardVerdict(part)));
            }
            out.append('\n');
            indent(out, 2).append('}');
        }
        out.append("\n");
        indent(out, 1).append("],\n");
        field(out, 1, "verdict", quote(results.verdict()));
        if (results.guarded()) {
            out.append(",\n");
            field(out, 1, "guardVerdict", quote(results.guardVerdict()));
        }
        out.append('\n');
        return out.append("}\n").toString();
    }

    private static StringBuilder side(StringBuilder out, String name, String does, Tally tally) {
        indent(out, 3).append(quote(name)).append(": {\"does\": ").append(quote(does == null ? "" : does))
                .append(", \"runs\": ").append(tally.runs())
                .append(", \"wentWrong\": ").append(tally.wentWrong());
        if (name.equals("guarded")) {
            out.append(", \"stopped\": ").append(tally.stopped());
        }
        out.append(", \"outcomes\": [");
        String separator = "";
        for (Map.Entry<Outcome, Integer> entry : tally.outcomes().entrySet()) {
            out.append(separator).append("\n");
            separator = ",";
            indent(out, 4).append("{\"label\": ").append(quote(entry.getKey().label()))
                    .append(", \"wentWrong\": ").append(entry.getKey().wentWrong())
                    .append(", \"count\": ").append(entry.getValue()).append('}');
        }
        out.append(tally.runs() == 0 ? "]}" : "\n");
        if (tally.runs() > 0) {
            indent(out, 3).append("]}");
        }
        return out;
    }

    private static StringBuilder sideTotals(StringBuilder out, int depth, String name, Tally tally, int hangs) {
        indent(out, depth).append(quote(name)).append(": {\"runs\": ").append(tally.runs())
                .append(", \"wentWrong\": ").append(tally.wentWrong());
        if (name.equals("guarded")) {
            out.append(", \"stopped\": ").append(tally.stopped());
        }
        return out.append(", \"hangs\": ").append(hangs).append('}');
    }

    private static StringBuilder field(StringBuilder out, int depth, String name, String value) {
        return indent(out, depth).append(quote(name)).append(": ").append(value);
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("  ".repeat(depth));
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static String heading(Results results) {
        return String.format("Can I share a Hibernate Session between threads?  Hibernate %s, %s, JDK %s, %d CPUs",
                org.hibernate.Version.getVersionString(), database(results.arguments()), Runtime.version().feature()
                        + "." + Runtime.version().interim() + "." + Runtime.version().update(),
                Runtime.getRuntime().availableProcessors());
    }

    private static String how(Results results) {
        LabArguments arguments = results.arguments();
        String amount = arguments.runs()
                .map(runs -> runs + (runs == 1 ? " run" : " runs") + " per scenario and side")
                .orElse("a budget of " + seconds(arguments.budget().toMillis()) + " shared by " + plural(results.scenarios().size(), "scenario")
                        + " × " + arguments.sides().size() + " sides");
        String mode = arguments.mode == LabArguments.Mode.forced
                ? "Forced mode: each scenario's headline interleaving, made to happen with pause points"
                : "Natural mode: real threads, nothing forced"
                        + arguments.threads().map(t -> ", " + t + " threads where the cast is not fixed").orElse("");
        return mode + "; " + amount + ". A run still going after " + seconds(arguments.runLimit.toMillis())
                + " counts as HANG.";
    }

    private static String footer(Results results) {
        int hangs = results.hangs(Side.BROKEN) + results.hangs(Side.GUARDED) + results.hangs(Side.SAFE);
        return "Took " + seconds(results.elapsed().toMillis()) + " in " + plural(results.workerJvms(), "worker JVM")
                + (hangs == 0 ? "" : "; " + plural(hangs, "stuck run") + " cut off by killing " + (hangs == 1 ? "its" : "their") + " worker") + ".";
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String database(LabArguments arguments) {
        return arguments.databaseLabel != null ? arguments.databaseLabel : "H2 " + org.h2.engine.Constants.VERSION + " in memory";
    }
}
