package dev.sharedsession.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the project's Markdown: the root {@code README.md}, every {@code *.md} under
 * {@code docs/} and every module's {@code README.md}. Each problem is reported as
 * {@code file:line: what → why}, all of them at once.
 *
 * <p><b>Links.</b> Every {@code [text](target)}, {@code ![alt](target)}, reference definition
 * {@code [id]: target} and HTML {@code href}/{@code src} outside code must resolve: the file or
 * directory exists relative to the page (a leading {@code /} means the project root) and stays
 * inside the project. A {@code #anchor} must be a heading anchor of the target Markdown page (or
 * of the same page), as GitHub computes them (see {@link MarkdownPage}), or an HTML
 * {@code id}/{@code name}; on other files only GitHub's line anchors {@code #L12} / {@code #L12-L20}.
 * Targets with a scheme ({@code https:}, {@code mailto:}, ...) are not checked.
 *
 * <p><b>Commands.</b> Every line of a fenced block tagged {@code bash}, {@code sh} or
 * {@code shell}, and every {@code $ } line of a {@code console} block, is a command, run from the
 * project root: {@code \} continuations joined, {@code # comments} dropped, {@code NAME=value}
 * prefixes and redirections ignored, {@code && || ; |} separate commands. Per program:
 * <ul>
 * <li>{@code ./mvnw}: every {@code -pl} module is in the reactor, every {@code -P} profile is
 *     defined in some pom, every {@code -Dtest=} pattern ({@code *} glob, {@code #method},
 *     {@code !}) matches a class under a module's {@code src/test/java}, every goal is a
 *     lifecycle phase or {@code plugin:goal}, every other option is a Maven option;</li>
 * <li>{@code ./lab}, {@code ./bench}, {@code ./exercise}: the script exists and is executable, and
 *     the program's own argument check ({@link ProjectCode#parsers}: LabArguments,
 *     BenchArguments, ExerciseArguments {@code ::problemWith}) returns an empty {@code Optional};</li>
 * <li>{@code diff}, {@code cat}, {@code less}, {@code ls}, {@code cp}: every non-option path
 *     exists (globs must match something; a path under an existing module's {@code target/}
 *     is a build output and accepted; {@code cp}'s destination needs an existing directory);</li>
 * <li>{@code cd DIR}: the directory exists (later commands on the line run there);
 *     {@code git}: clone, diff, log, stash, checkout, status, switch, restore only;
 *     {@code java -jar X.jar}: X is {@code <module>/target/<name>.jar} of a module;</li>
 * <li>anything else fails: write program output in a {@code ```text} (or untagged) block.</li>
 * </ul>
 *
 * <p><b>Test names.</b> A test class or test method named in inline code exists (see {@link TestNames}).
 *
 * <p><b>Properties.</b> A {@code ```properties} block loads with {@link java.util.Properties} to
 * the values the page means, and the project's code accepts them (see {@link PropertiesBlocks}).
 *
 * <p><b>Benchmark numbers.</b> A number marked {@code <!-- benchmark: NAME -->} is what the
 * committed results.json gives, written as the report writes it; a paragraph or table that links
 * to the report and says a measured number (µs, units of work, a ratio and its interval) needs
 * such a marker (see {@link BenchmarkQuotes}).
 *
 * <p><b>Modules.</b> A table whose header begins "module | package" lists every module of the
 * build once with its package root, and every Java file of a module lies in its root (see
 * {@link ModuleLayout}).
 *
 * <p>Quoted {@code ./lab} output is checked by {@link QuotedLabOutput}.
 */
public final class DocsCheck {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    private static final Pattern LINE_ANCHOR = Pattern.compile("L\\d+(-L\\d+)?");

    /**
     * The checked project's own code, which the checks call so that a page is judged by the code it
     * describes: each script's argument check ({@code "./lab"} → {@code LabArguments::problemWith}),
     * each property key's reader (throwing IllegalArgumentException on a bad value), and the
     * benchmark report's numbers read from a results.json (name → text as the report writes it).
     */
    public record ProjectCode(Map<String, Function<String[], Optional<String>>> parsers,
                              Map<String, Consumer<String>> propertyReaders,
                              Function<Path, Map<String, String>> benchmarkNumbers) {
    }

    private final Path root;
    private final Reactor reactor;
    private final CommandCheck commands;
    private final TestNames testNames;
    private final PropertiesBlocks properties;
    private final BenchmarkQuotes benchmarks;
    private final ModuleLayout modules;
    private final Map<Path, MarkdownPage> pages = new HashMap<>();

    private DocsCheck(Path root, ProjectCode code) {
        this.root = root.toAbsolutePath().normalize();
        this.reactor = Reactor.of(this.root);
        this.commands = new CommandCheck(reactor, code.parsers());
        this.testNames = new TestNames(reactor);
        this.properties = new PropertiesBlocks(code.propertyReaders());
        this.benchmarks = new BenchmarkQuotes(this.root.resolve(BenchmarkQuotes.RESULTS), code.benchmarkNumbers());
        this.modules = new ModuleLayout(reactor);
    }

    /** Checks the project at {@code root}, calling its own code where a check needs it. */
    public static List<String> check(Path root, ProjectCode code) {
        DocsCheck check = new DocsCheck(root, code);
        return check.checkPages(check.pagesToCheck());
    }

    /** Checks only the given pages (paths relative to {@code root}); for the checker's own tests. */
    public static List<String> check(Path root, ProjectCode code, List<String> pages) {
        DocsCheck check = new DocsCheck(root, code);
        return check.checkPages(pages.stream().map(check.root::resolve).toList());
    }

    /** The pages {@link #check(Path, ProjectCode)} reads, relative to {@code root}. */
    public static List<String> pages(Path root) {
        DocsCheck check = new DocsCheck(root, new ProjectCode(Map.of(), Map.of(), results -> Map.of()));
        return check.pagesToCheck().stream().map(p -> check.root.relativize(p).toString().replace('\\', '/')).toList();
    }

    private List<String> checkPages(List<Path> files) {
        List<String> problems = new ArrayList<>();
        for (Path page : files) {
            checkPage(page, problems);
        }
        return problems;
    }

    /** README.md at the root, every *.md under docs/, every module's README.md. */
    private List<Path> pagesToCheck() {
        List<Path> list = new ArrayList<>();
        addIfFile(list, root.resolve("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> files = Files.walk(docs)) {
                files.filter(f -> f.toString().endsWith(".md") && Files.isRegularFile(f)).sorted().forEach(list::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String module : reactor.modulePaths()) {
            addIfFile(list, root.resolve(module).resolve("README.md"));
        }
        return list;
    }

    private static void addIfFile(List<Path> list, Path file) {
        if (Files.isRegularFile(file)) {
            list.add(file);
        }
    }

    /** One page's problems, in the order of their lines (each check's own order within a line). */
    private void checkPage(Path file, List<String> all) {
        List<String> problems = new ArrayList<>();
        checkPage(file, page(file), problems);
        String prefix = root.relativize(file).toString().replace('\\', '/') + ":";
        problems.sort(Comparator.comparingInt(p -> Integer.parseInt(p.substring(prefix.length(), p.indexOf(':', prefix.length())))));
        all.addAll(problems);
    }

    private void checkPage(Path file, MarkdownPage page, List<String> problems) {
        String name = root.relativize(file).toString().replace('\\', '/');
        for (MarkdownPage.Link link : page.links()) {
            String reason = problemWith(file, link.target());
            if (reason != null) {
                problems.add(name + ":" + link.line() + ": " + link.target() + " → " + reason);
            }
        }
        for (MarkdownPage.Command command : page.commands()) {
            for (String reason : commands.problems(command.text())) {
                problems.add(name + ":" + command.line() + ": " + command.text().strip().replaceAll("\\s+", " ") + " → " + reason);
            }
        }
        for (MarkdownPage.CodeSpan span : page.codeSpans()) {
            testNames.problemWith(span.text()).ifPresent(reason -> problems.add(name + ":" + span.line() + ": `" + span.text() + "` → " + reason));
        }
        for (MarkdownPage.Fence fence : page.fences()) {
            if (fence.tag().equals("properties")) {
                for (PropertiesBlocks.Problem p : properties.problems(fence.text())) {
                    problems.add(name + ":" + (fence.firstLine() + p.line()) + ": " + p.text());
                }
            }
        }
        for (MarkdownPage.Clash clash : page.clashes()) {
            problems.add(name + ":" + clash.line() + ": #" + clash.anchor() + " → an earlier heading has this anchor too, and"
                    + " GitHub would give this one another; reword one of the two headings");
        }
        for (MarkdownPage.Block block : page.blocks()) {
            benchmarks.unmarked(block).ifPresent(reason -> problems.add(name + ":" + block.line() + ": " + reason));
        }
        for (String problem : modules.problems(page)) {
            problems.add(name + ":" + problem);
        }
        for (MarkdownPage.Comment comment : page.comments()) {
            for (String reason : benchmarks.problems(comment.body(), comment.covered())) {
                problems.add(name + ":" + comment.line() + ": " + reason);
            }
        }
    }

    private MarkdownPage page(Path file) {
        return pages.computeIfAbsent(file.toAbsolutePath().normalize(), MarkdownPage::read);
    }

    /** Why a link target does not resolve, or null if it does. */
    private String problemWith(Path page, String target) {
        if (SCHEME.matcher(target).matches()) {
            return null; // https:, mailto:, ...: not ours to check
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        int query = pathPart.indexOf('?');
        if (query >= 0) {
            pathPart = pathPart.substring(0, query);
        }
        pathPart = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path resolved;
        if (pathPart.isEmpty()) {
            resolved = page;
        } else if (pathPart.startsWith("/")) {
            resolved = root.resolve(pathPart.substring(1)).normalize();
        } else {
            resolved = page.getParent().resolve(pathPart).normalize();
        }
        if (!resolved.startsWith(root)) {
            return "points outside the project";
        }
        if (!Files.exists(resolved)) {
            return "no such file or directory " + root.relativize(resolved).toString().replace('\\', '/');
        }
        if (anchor == null || anchor.isEmpty()) {
            return null;
        }
        Path markdown = resolved;
        if (Files.isDirectory(resolved)) {
            markdown = resolved.resolve("README.md");
            if (!Files.isRegularFile(markdown)) {
                return "#" + anchor + " on a directory without a README.md";
            }
        }
        if (!markdown.toString().endsWith(".md")) {
            return LINE_ANCHOR.matcher(anchor).matches() ? null
                    : "#" + anchor + " on a file that is not Markdown (only #L12 or #L12-L20 work there)";
        }
        String decoded = URLDecoder.decode(anchor.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (page(markdown).anchors().contains(decoded)) {
            return null;
        }
        return "no heading with anchor #" + anchor + " in " + root.relativize(markdown).toString().replace('\\', '/')
                + nearest(decoded, page(markdown).anchors());
    }

    private static String nearest(String anchor, java.util.Set<String> anchors) {
        String lower = anchor.toLowerCase(java.util.Locale.ROOT);
        return anchors.stream()
                .filter(a -> a.equals(lower) || a.startsWith(lower) || lower.startsWith(a) && a.length() > 3)
                .findFirst().map(a -> " (did you mean #" + a + "?)").orElse("");
    }
}
