package dev.sharedsession.docscheck;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The anchors GitHub gives the headings of one page: the heading's text as rendered, lower-cased,
 * every character that is not a letter, a digit, {@code -}, {@code _} or a space dropped, spaces
 * turned into {@code -}; the second heading with the same slug gets {@code -1}, the third
 * {@code -2}, and so on. One instance per page, headings fed in page order.
 */
final class GithubSlugger {

    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");

    private final Map<String, Integer> seen = new HashMap<>();

    /** The anchor of the next heading on the page, given its Markdown source text. */
    String slug(String headingMarkdown) {
        String base = slugOf(renderedText(headingMarkdown));
        String slug = base;
        // A heading whose slug is taken gets the first free "-N" (GitHub counts from 1).
        while (seen.containsKey(slug)) {
            int n = seen.merge(base, 1, Integer::sum);
            slug = base + "-" + n;
        }
        seen.putIfAbsent(slug, 0);
        return slug;
    }

    /** What a reader sees of a heading: link and image syntax, code ticks and HTML tags gone. */
    static String renderedText(String markdown) {
        String text = IMAGE.matcher(markdown).replaceAll("$1");
        text = LINK.matcher(text).replaceAll("$1");
        text = HTML_TAG.matcher(text).replaceAll("");
        return text.replace("`", "").trim();
    }

    static String slugOf(String text) {
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(java.util.Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (c == '-' || c == '_' || Character.isLetterOrDigit(c)) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }
}
