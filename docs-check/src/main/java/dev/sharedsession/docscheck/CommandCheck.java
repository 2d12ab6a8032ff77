package dev.sharedsession.docscheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks one shell command line the way a reader would run it from the project root, without
 * running it. Each problem is one sentence; an empty list means the command works as written.
 */
final class CommandCheck {

    private static final Set<String> PHASES = Set.of(
            "pre-clean", "clean", "post-clean", "validate", "initialize", "generate-sources",
            "process-sources", "generate-resources", "process-resources", "compile", "process-classes",
            "generate-test-sources", "process-test-sources", "generate-test-resources",
            "process-test-resources", "test-compile", "process-test-classes", "test", "prepare-package",
            "package", "pre-integration-test", "integration-test", "post-integration-test", "verify",
            "install", "deploy", "pre-site", "site", "post-site", "site-deploy");
    private static final Pattern PLUGIN_GOAL = Pattern.compile("[\\w.-]+(:[\\w.-]+){1,3}");
    private static final Set<String> MAVEN_FLAGS = Set.of(
            "-q", "--quiet", "-B", "--batch-mode", "-o", "--offline", "-e", "--errors", "-X", "--debug",
            "-U", "--update-snapshots", "-N", "--non-recursive", "-am", "--also-make", "-amd",
            "--also-make-dependents", "-ff", "--fail-fast", "-fae", "--fail-at-end", "-fn", "--fail-never",
            "-nsu", "--no-snapshot-updates", "-V", "--show-version", "-v", "--version", "-h", "--help",
            "-ntp", "--no-transfer-progress", "-C", "--strict-checksums", "-c", "--lax-checksums");
    private static final Set<String> MAVEN_OPTIONS_WITH_VALUE = Set.of(
            "-pl", "--projects", "-P", "--activate-profiles", "-T", "--threads", "-f", "--file", "-s",
            "--settings", "-gs", "--global-settings", "-t", "--toolchains", "-rf", "--resume-from",
            "-l", "--log-file", "-b", "--builder", "-D", "--define");
    private static final Set<String> GIT_SUBCOMMANDS =
            Set.of("clone", "diff", "log", "stash", "checkout", "status", "switch", "restore");
    private static final Set<String> PATH_COMMANDS = Set.of("diff", "cat", "less", "ls", "cp");
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Pattern REDIRECT = Pattern.compile("\\d*(>>?|<)(&\\d+)?|&>");

    private final Reactor reactor;
    private final Map<String, Function<String[], Optional<String>>> parsers;

    /** {@code parsers}: each of the project's scripts ({@code ./lab}) and the program's own argument check. */
    CommandCheck(Reactor reactor, Map<String, Function<String[], Optional<String>>> parsers) {
        this.reactor = reactor;
        this.parsers = parsers;
    }

    /** The problems of one command line (possibly several commands joined by &&, ||, ; or |). */
    List<String> problems(String commandLine) {
        List<String> problems = new ArrayList<>();
        List<String> words;
        try {
            words = ShellWords.split(commandLine);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        Path cwd = reactor.root();
        List<String> simple = new ArrayList<>();
        for (String word : words) {
            if (ShellWords.isOperator(word)) {
                cwd = check(simple, cwd, problems);
                simple.clear();
            } else {
                simple.add(word);
            }
        }
        check(simple, cwd, problems);
        return problems;
    }

    /** Checks one simple command; returns the working directory after it ({@code cd} changes it). */
    private Path check(List<String> command, Path cwd, List<String> problems) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String w = command.get(i);
            if (REDIRECT.matcher(w).matches()) {
                if (!w.contains("&")) {
                    i++; // the redirect's file
                }
            } else if (!(words.isEmpty() && ENV_ASSIGNMENT.matcher(w).matches())) {
                words.add(w); // leading NAME=value words are environment for the command
            }
        }
        if (words.isEmpty()) {
            return cwd;
        }
        String program = words.get(0);
        List<String> args = words.subList(1, words.size());
        switch (program) {
            case "./mvnw" -> {
                requireExecutable(cwd, program, problems);
                checkMaven(args, problems);
            }
            case "cd" -> {
                if (args.size() != 1 || !Files.isDirectory(cwd.resolve(args.get(0)))) {
                    problems.add("cd: no directory " + String.join(" ", args));
                    return cwd;
                }
                return cwd.resolve(args.get(0)).normalize();
            }
            case "git" -> {
                String sub = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
                if (!GIT_SUBCOMMANDS.contains(sub)) {
                    problems.add("docs-check allows git " + String.join(", ", GIT_SUBCOMMANDS.stream().sorted().toList())
                            + ", not 'git " + sub + "'");
                }
            }
            case "java" -> checkJavaJar(args, cwd, problems);
            default -> {
                if (PATH_COMMANDS.contains(program)) {
                    checkPaths(program, args, cwd, problems);
                } else if (parsers.containsKey(program)) {
                    requireExecutable(cwd, program, problems);
                    checkArguments(program, args, problems);
                } else {
                    problems.add("docs-check does not know the command '" + program
                            + "'; teach it or write it in a ```text block");
                }
            }
        }
        return cwd;
    }

    private void requireExecutable(Path cwd, String script, List<String> problems) {
        Path file = cwd.resolve(script);
        if (!Files.isRegularFile(file)) {
            String dir = reactor.root().relativize(cwd).toString();
            problems.add(script + " does not exist in " + (dir.isEmpty() ? "the project root" : dir));
        } else if (!Files.isExecutable(file)) {
            problems.add(script + " is not executable (git update-index --chmod=+x " + script.substring(2) + ")");
        }
    }

    private void checkMaven(List<String> args, List<String> problems) {
        boolean goal = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            String option = a;
            if (MAVEN_OPTIONS_WITH_VALUE.contains(a)) {
                if (i + 1 >= args.size()) {
                    problems.add("./mvnw " + a + " needs a value");
                    continue;
                }
                value = args.get(++i);
            } else if (a.startsWith("-D")) {
                option = "-D";
                value = a.substring(2);
            } else if (a.startsWith("-P")) {
                option = "-P";
                value = a.substring(2);
            } else if (a.startsWith("-")) {
                if (!MAVEN_FLAGS.contains(a)) {
                    problems.add("./mvnw has no option '" + a + "'");
                }
                continue;
            } else {
                goal = true;
                if (!PHASES.contains(a) && !PLUGIN_GOAL.matcher(a).matches()) {
                    problems.add("'" + a + "' is neither a Maven lifecycle phase nor a plugin:goal");
                }
                continue;
            }
            switch (option) {
                case "-pl", "--projects" -> {
                    for (String m : value.split(",")) {
                        String module = m.replaceFirst("^[!-]", "");
                        if (!reactor.hasModule(module)) {
                            problems.add("-pl " + module + ": no such module (modules: "
                                    + String.join(", ", reactor.modulePaths()) + ")");
                        }
                    }
                }
                case "-P", "--activate-profiles" -> {
                    for (String p : value.split(",")) {
                        String profile = p.replaceFirst("^[!-]", "");
                        if (!reactor.hasProfile(profile)) {
                            problems.add("-P " + profile + ": no pom defines this profile");
                        }
                    }
                }
                case "-D", "--define" -> {
                    if (value.startsWith("test=")) {
                        checkTestPatterns(value.substring("test=".length()), problems);
                    }
                }
                default -> {
                    // -T, -f, -s, ...: values not checked
                }
            }
        }
        if (!goal) {
            problems.add("./mvnw without a goal or phase (e.g. verify)");
        }
    }

    private void checkTestPatterns(String patterns, List<String> problems) {
        for (String raw : patterns.split(",")) {
            String pattern = raw.trim();
            if (pattern.startsWith("!")) {
                pattern = pattern.substring(1);
            }
            int hash = pattern.indexOf('#');
            if (hash >= 0) {
                pattern = pattern.substring(0, hash);
            }
            pattern = pattern.replaceFirst("\\.(java|class)$", "");
            if (pattern.isEmpty()) {
                continue; // "#method" alone: every class
            }
            Pattern regex = testPattern(pattern);
            boolean qualified = pattern.contains("/") || pattern.contains(".");
            boolean found = reactor.testClasses().stream().anyMatch(c ->
                    regex.matcher(qualified ? c : c.substring(c.lastIndexOf('/') + 1)).matches());
            if (!found) {
                problems.add("-Dtest=" + raw.trim() + " matches no test class");
            }
        }
    }

    private static Pattern testPattern(String glob) {
        String g = glob.replace('.', '/');
        StringBuilder regex = new StringBuilder(g.contains("/") && !g.startsWith("**/") ? "" : "(?:.*/)?");
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
                if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
                    i++;
                    regex.append("/?");
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private void checkJavaJar(List<String> args, Path cwd, List<String> problems) {
        int jar = args.indexOf("-jar");
        if (jar < 0 || jar + 1 >= args.size()) {
            problems.add("docs-check knows 'java -jar <module>/target/<name>.jar' only");
            return;
        }
        String path = args.get(jar + 1);
        if (!isBuildOutput(cwd, path) || !path.endsWith(".jar")) {
            problems.add("java -jar " + path + ": not <module>/target/<name>.jar of a module of this build");
        }
    }

    /** A path under an existing module's {@code target/}: the build makes it, so it need not exist yet. */
    private boolean isBuildOutput(Path cwd, String path) {
        Path p = reactor.root().relativize(cwd.resolve(path).normalize());
        for (String module : reactor.modulePaths()) {
            if (p.startsWith(Path.of(module, "target")) && p.getNameCount() > Path.of(module).getNameCount() + 1) {
                return true;
            }
        }
        return false;
    }

    private void checkPaths(String program, List<String> args, Path cwd, List<String> problems) {
        List<String> paths = args.stream().filter(a -> !a.startsWith("-")).toList();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            boolean destination = program.equals("cp") && i == paths.size() - 1;
            Path resolved = cwd.resolve(path).normalize();
            if (destination) {
                Path parent = Files.isDirectory(resolved) ? resolved : resolved.getParent();
                if (parent == null || !Files.isDirectory(parent)) {
                    problems.add(program + ": no directory for " + path);
                }
            } else if (!exists(cwd, path) && !isBuildOutput(cwd, path)) {
                problems.add(program + ": no such file " + path);
            }
        }
        if (program.equals("diff") && paths.size() != 2) {
            problems.add("diff takes two paths, not " + paths.size());
        }
    }

    private static boolean exists(Path cwd, String path) {
        if (!path.contains("*") && !path.contains("?")) {
            return Files.exists(cwd.resolve(path));
        }
        Path pattern = cwd.resolve(path).normalize();
        Path dir = pattern.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        var matcher = dir.getFileSystem().getPathMatcher("glob:" + pattern.getFileName());
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> matcher.matches(f.getFileName()));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void checkArguments(String program, List<String> args, List<String> problems) {
        try {
            parsers.get(program).apply(args.toArray(String[]::new))
                    .ifPresent(p -> problems.add(program + " rejects its arguments: " + p));
        } catch (RuntimeException e) {
            problems.add(program + "'s argument check threw " + e + " for " + String.join(" ", args));
        }
    }
}
