package dev.sharedsession.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * of the same page), computed with GitHub's rules (see {@link GithubSlugger}), or an HTML
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
 *     the static {@code problemWith(String...)} of its argument class (LabArguments,
 *     BenchArguments, ExerciseArguments) returns an empty {@code Optional} for the arguments;</li>
 * <li>{@code diff}, {@code cat}, {@code less}, {@code ls}, {@code cp}: every non-option path
 *     exists (globs must match something; a path under an existing module's {@code target/}
 *     is a build output and accepted; {@code cp}'s destination needs an existing directory);</li>
 * <li>{@code cd DIR}: the directory exists (later commands on the line run there);
 *     {@code git}: clone, diff, log, stash, checkout, status, switch, restore only;
 *     {@code java -jar X.jar}: X is {@code <module>/target/<name>.jar} of a module;</li>
 * <li>anything else fails: write program output in a {@code ```text} (or untagged) block.</li>
 * </ul>
 */
public final class DocsCheck {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    private static final Pattern LINE_ANCHOR = Pattern.compile("L\\d+(-L\\d+)?");

    private final Path root;
    private final Reactor reactor;
    private final CommandCheck commands;
    private final Map<Path, MarkdownPage> pages = new HashMap<>();

    private DocsCheck(Path root, Map<String, String> parsers) {
        this.root = root.toAbsolutePath().normalize();
        this.reactor = Reactor.of(this.root);
        this.commands = new CommandCheck(reactor, parsers);
    }

    /** Checks the project at {@code root} with the project's own argument parsers. */
    public static List<String> check(Path root) {
        return check(root, CommandCheck.DEFAULT_PARSERS);
    }

    /** As {@link #check(Path)}, with the program → argument-parser class map given. */
    public static List<String> check(Path root, Map<String, String> parsers) {
        DocsCheck check = new DocsCheck(root, parsers);
        return check.checkPages(check.pagesToCheck());
    }

    /** Checks only the given pages (paths relative to {@code root}); for the checker's own tests. */
    public static List<String> check(Path root, Map<String, String> parsers, List<String> pages) {
        DocsCheck check = new DocsCheck(root, parsers);
        return check.checkPages(pages.stream().map(check.root::resolve).toList());
    }

    /** The pages {@link #check(Path)} reads, relative to {@code root}. */
    public static List<String> pages(Path root) {
        DocsCheck check = new DocsCheck(root, CommandCheck.DEFAULT_PARSERS);
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

    private void checkPage(Path file, List<String> problems) {
        MarkdownPage page = page(file);
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
