package dev.sharedsession.docscheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a command line into words the way a POSIX shell does for the parts the docs use:
 * single and double quotes, backslash escapes, a {@code #} that starts a word starts a comment,
 * and the operators {@code && || ; |} become words of their own.
 */
final class ShellWords {

    private static final Set<String> OPERATORS = Set.of("&&", "||", ";", "|");

    private ShellWords() {
    }

    static boolean isOperator(String word) {
        return OPERATORS.contains(word);
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case '\'' -> {
                    int end = line.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed ' quote");
                    }
                    word.append(line, i + 1, end);
                    inWord = true;
                    i = end;
                }
                case '"' -> {
                    int j = i + 1;
                    for (; j < line.length() && line.charAt(j) != '"'; j++) {
                        if (line.charAt(j) == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
                            j++;
                        }
                        word.append(line.charAt(j));
                    }
                    if (j >= line.length()) {
                        throw new IllegalArgumentException("unclosed \" quote");
                    }
                    inWord = true;
                    i = j;
                }
                case '\\' -> {
                    if (i + 1 < line.length()) {
                        word.append(line.charAt(++i));
                    }
                    inWord = true;
                }
                case ' ', '\t' -> {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                }
                case '#' -> {
                    if (!inWord) {
                        return words; // a comment runs to the end of the line
                    }
                    word.append(c);
                }
                case '&', '|', ';' -> {
                    String op = (c != ';' && i + 1 < line.length() && line.charAt(i + 1) == c) ? "" + c + c : "" + c;
                    boolean redirect = c == '&' && (op.length() == 1) && (inWord && word.toString().endsWith(">")
                            || i + 1 < line.length() && line.charAt(i + 1) == '>');
                    if (redirect || (c == '&' && op.length() == 1)) {
                        word.append(c); // 2>&1, &> file, or a background & (kept in the word)
                        inWord = true;
                        continue;
                    }
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                    words.add(op);
                    i += op.length() - 1;
                }
                default -> {
                    word.append(c);
                    inWord = true;
                }
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
