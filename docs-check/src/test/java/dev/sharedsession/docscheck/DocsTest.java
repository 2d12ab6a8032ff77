package dev.sharedsession.docscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sharedsession.benchmarks.BenchArguments;
import dev.sharedsession.benchmarks.ReportNumbers;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.showcase.LabArguments;
import dev.sharedsession.webload.QueueLoad;
import dev.sharedsession.webload.WebLoad;
import dev.sharedsession.workshop.ExerciseArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The project's own docs, checked against the project's own code. */
class DocsTest {

    private static final Path ROOT = Path.of(System.getProperty("docs.root", ".."));

    /** The code each check calls: the scripts' argument parsers, the guard's property parsing, the benchmark report's numbers. */
    static final DocsCheck.ProjectCode CODE = new DocsCheck.ProjectCode(
            Map.of("./lab", args -> args.length == 0 ? LabArguments.problemWith(args) : switch (args[0]) {
                        case "web" -> WebLoad.problemWith(Arrays.copyOfRange(args, 1, args.length));
                        case "queue" -> QueueLoad.problemWith(Arrays.copyOfRange(args, 1, args.length));
                        default -> LabArguments.problemWith(args);
                    },
                    "./bench", BenchArguments::problemWith,
                    "./exercise", ExerciseArguments::problemWith),
            SessionGuard.SETTINGS.stream().collect(Collectors.toMap(Function.identity(),
                    name -> (Consumer<String>) value -> SessionGuard.checkSetting(name, value))),
            ReportNumbers::read);

    @Test
    @DisplayName("every link and anchor resolves, every command, test name and properties block works as written, every quoted benchmark number is the report's")
    void theDocsAreRight() {
        assertThat(DocsCheck.pages(ROOT)).contains("README.md", "docs/README.md");
        List<String> problems = DocsCheck.check(ROOT, CODE);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) in the docs (see DocsCheck's javadoc for the rules):\n"
                    + String.join("\n", problems));
        }
    }

    @Test
    @DisplayName("the benchmark numbers the docs are checked against are the committed report's, written as it writes them")
    void benchmarkNumbersAreTheReports() throws Exception {
        Map<String, String> numbers = ReportNumbers.read(ROOT.resolve("docs/benchmarks/results.json"));
        String report = Files.readString(ROOT.resolve("docs/benchmarks/report.md"));
        assertThat(numbers).containsEntry("cost/openClose", "0.201 ± 0.0115")
                .containsEntry("uow/h2/rtt1/uncontended/8/sessionPerOperation", "1,948")
                .containsEntry("uow/h2/rtt1/uncontended/8/sessionPerOperation÷lockedSharedSession", "6.95 (6.47 – 7.46)")
                .containsEntry("guard/8", "0.976 (0.964 – 0.988)");
        numbers.forEach((name, number) -> {
            if (name.startsWith("cost/") || name.startsWith("context/")) {
                assertThat(report).as(name).contains("| " + number + " µs/op |");
            }
        });
    }

    @Test
    @DisplayName("every quoted ./lab output is what the program prints now (forced runs) or in its current format (natural runs)")
    void quotedLabOutputIsCurrent() {
        QuotedLabOutput quoted = new QuotedLabOutput(ROOT, new ShowcaseLab());
        List<String> pages = DocsCheck.pages(ROOT);
        if (Boolean.getBoolean("docs.regenerate")) {
            List<String> changed = quoted.regenerate(pages);
            System.out.println("docs.regenerate: rewrote the quoted ./lab output in " + (changed.isEmpty() ? "no page" : String.join(", ", changed)));
        }
        List<String> problems = quoted.check(pages);
        if (!problems.isEmpty()) {
            fail(problems.size() + " quoted ./lab output(s) out of date (see QuotedLabOutput's javadoc for the rules):\n"
                    + String.join("\n", problems));
        }
    }
}
