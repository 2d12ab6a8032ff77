package dev.sharedsession.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test classes and test methods a page names must exist. What counts as a name (inline code
 * spans only, whole span):
 * <ul>
 * <li>{@code FooTest} (or {@code FooTest.java}): a class whose simple name ends in {@code Test};
 *     some module's {@code src/test/java} has {@code FooTest.java};</li>
 * <li>{@code FooTest.someMethod}, {@code FooTest#someMethod} (a trailing {@code ()} allowed):
 *     that file declares {@code someMethod};</li>
 * <li>a lowerCamel identifier of four words or more without parentheses
 *     ({@code forcedRunShowsTheHeadlineFailure}): a test method's sentence-like name, declared in
 *     some module's test sources (or main sources: the benchmarks' methods are cited the same
 *     way). A library method is written with its parentheses ({@code setDefaultReadOnly()}) and is
 *     not checked.</li>
 * </ul>
 */
final class TestNames {

    // FooTest.java is the class's file, not a method named java.
    private static final Pattern TEST_CLASS = Pattern.compile("([A-Z]\\w*Test)(?:\\.java|[#.]([a-z]\\w*)(?:\\(\\))?)?");
    private static final Pattern METHOD = Pattern.compile("[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*){3,}");

    private final Reactor reactor;
    private final Map<Path, String> sources = new HashMap<>();

    TestNames(Reactor reactor) {
        this.reactor = reactor;
    }

    /** Why a code span's name does not exist, or empty if it is no test name or it exists. */
    Optional<String> problemWith(String span) {
        Matcher test = TEST_CLASS.matcher(span);
        if (test.matches()) {
            List<Path> files = reactor.testSources().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("/" + test.group(1)) || e.getKey().equals(test.group(1)))
                    .map(Map.Entry::getValue).toList();
            if (files.isEmpty()) {
                return Optional.of("no test class " + test.group(1) + " in any module's src/test/java");
            }
            String method = test.group(2);
            if (method != null && files.stream().noneMatch(f -> declares(f, method))) {
                return Optional.of(test.group(1) + " declares no method " + method);
            }
            return Optional.empty();
        }
        if (METHOD.matcher(span).matches()
                && Stream.concat(reactor.testSources().values().stream(), reactor.mainSources().stream())
                        .noneMatch(f -> declares(f, span))) {
            return Optional.of("no method " + span + " in any module's sources (a test method's name; write a library's"
                    + " method with its parentheses)");
        }
        return Optional.empty();
    }

    /** Whether the file declares a method of that name: a type (or void) before it, not a call. */
    private boolean declares(Path file, String method) {
        String source = sources.computeIfAbsent(file, TestNames::read);
        Matcher m = Pattern.compile("(\\w+|>|])\\s+" + Pattern.quote(method) + "\\s*\\(").matcher(source);
        while (m.find()) {
            if (!m.group(1).equals("return") && !m.group(1).equals("new")) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
