package dev.sharedsession.docscheck;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A {@code ```properties} block is pasted into a {@code .properties} file, so it must mean there
 * what the page says: it is loaded with {@link Properties#load}, and
 * <ul>
 * <li>a value holding {@code  #} or {@code  !} is a problem: the page means a comment, but a
 *     comment runs only from the start of a line, and Properties keeps it in the value;</li>
 * <li>a key the project's code reads is passed to that code (the session guard's own parsing),
 *     and a value it rejects is a problem;</li>
 * <li>a key no code reads whose first two dotted parts are a read key's
 *     ({@code hibernate.session_guard.openSite}) is a problem: a misspelt key is ignored silently.</li>
 * </ul>
 */
final class PropertiesBlocks {

    private static final Pattern TRAILING_COMMENT = Pattern.compile(".*\\s[#!].*");

    private final Map<String, Consumer<String>> readers;

    /** {@code readers}: each key the project's code reads, and that code (throwing IllegalArgumentException on a bad value). */
    PropertiesBlocks(Map<String, Consumer<String>> readers) {
        this.readers = readers;
    }

    /** The problems of one block, each as {@code (line offset in the block, what → why)}. */
    List<Problem> problems(String block) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(block));
        } catch (IOException | IllegalArgumentException e) {
            return List.of(new Problem(0, "the block does not load as properties → " + e.getMessage()));
        }
        List<Problem> problems = new ArrayList<>();
        for (String key : properties.stringPropertyNames().stream().sorted().toList()) {
            String value = properties.getProperty(key);
            int line = lineOf(block, key);
            String what = key + "=" + value;
            if (TRAILING_COMMENT.matcher(value).matches()) {
                problems.add(new Problem(line, what + " → Properties keeps the text after the value in it (a comment"
                        + " starts a line of its own, # or !); put it on the line above"));
                continue;
            }
            Consumer<String> reader = readers.get(key);
            if (reader != null) {
                try {
                    reader.accept(value);
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(line, what + " → rejected by the code that reads it: " + e.getMessage()));
                }
            } else if (readers.keySet().stream().anyMatch(k -> family(k).equals(family(key)))) {
                problems.add(new Problem(line, what + " → no code reads " + key + " (it reads "
                        + String.join(", ", readers.keySet().stream().filter(k -> family(k).equals(family(key))).sorted().toList())
                        + ")"));
            }
        }
        return problems;
    }

    /** A problem and the line of the block it is on (0 = the first). */
    record Problem(int line, String text) {
    }

    private static String family(String key) {
        String[] parts = key.split("\\.");
        return parts.length < 2 ? key : parts[0] + "." + parts[1];
    }

    private static int lineOf(String block, String key) {
        List<String> lines = block.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().matches(Pattern.quote(key) + "([\\s=:].*)?")) {
                return i;
            }
        }
        return 0;
    }
}
