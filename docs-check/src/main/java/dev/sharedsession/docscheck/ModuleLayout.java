package dev.sharedsession.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README's table of modules, held to the build: a table whose header begins "module |
 * package" names every module of the reactor once, each with its package root, and every Java
 * file of that module (main and test) is in that package or under it. No root is another's, nor
 * lies under another's, so a package says which module it is in.
 */
final class ModuleLayout {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern ROOT = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*");

    private final Reactor reactor;

    ModuleLayout(Reactor reactor) {
        this.reactor = reactor;
    }

    /** Whether this table row is a row of the modules' table. */
    static boolean isModuleRow(MarkdownPage.TableRow row) {
        return row.header().size() >= 2 && row.header().get(0).equals("module") && row.header().get(1).equals("package");
    }

    /** The problems of a page's module table, each "line: what is wrong"; none if the page has no such table. */
    List<String> problems(MarkdownPage page) {
        List<MarkdownPage.TableRow> rows = page.tableRows().stream().filter(ModuleLayout::isModuleRow).toList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> roots = new LinkedHashMap<>();
        for (MarkdownPage.TableRow row : rows) {
            String module = row.cells().get(0);
            String root = row.cells().get(1);
            if (!reactor.hasModule(module)) {
                problems.add(row.line() + ": module " + module + " → no such module in the build; remove the row or fix its name");
            } else if (roots.containsKey(module)) {
                problems.add(row.line() + ": module " + module + " → listed twice");
            } else if (!ROOT.matcher(root).matches()) {
                problems.add(row.line() + ": module " + module + " → its package cell '" + root + "' is not a package name");
            } else {
                roots.put(module, root);
                misplaced(module, root).ifPresent(p -> problems.add(row.line() + ": module " + module + " → " + p));
            }
        }
        int firstLine = rows.get(0).line();
        for (String module : reactor.modulePaths()) {
            if (!roots.containsKey(module)) {
                problems.add(firstLine + ": module " + module + " → missing from the modules' table: add a row with its package root and its job");
            }
        }
        roots.forEach((module, root) -> roots.forEach((other, otherRoot) -> {
            if (!module.equals(other) && (root.equals(otherRoot) || root.startsWith(otherRoot + "."))) {
                problems.add(firstLine + ": module " + module + " → its package root " + root + " lies in " + other
                        + "'s (" + otherRoot + "): a package would not say which module it is in");
            }
        }));
        return problems;
    }

    /** The first Java file of the module outside its root, as "path declares package p, outside root". */
    private Optional<String> misplaced(String module, String root) {
        Path dir = reactor.root().resolve(module).resolve("src");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && isSource(dir, f)).sorted().toList()) {
                Matcher declared = PACKAGE.matcher(Files.readString(file));
                String pkg = declared.find() ? declared.group(1) : "";
                if (!pkg.equals(root) && !pkg.startsWith(root + ".")) {
                    return Optional.of(reactor.root().relativize(file).toString().replace('\\', '/') + " is in package '"
                            + pkg + "', outside the module's root " + root);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    /** A file under src/SET/java (main, test, …), not a resource that happens to end in .java. */
    private static boolean isSource(Path src, Path file) {
        Path relative = src.relativize(file);
        return relative.getNameCount() > 2 && relative.getName(1).toString().equals("java");
    }
}
