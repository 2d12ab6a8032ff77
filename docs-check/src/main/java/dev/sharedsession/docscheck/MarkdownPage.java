package dev.sharedsession.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown page, read the way GitHub reads it as far as the checks need: its heading anchors,
 * its links (outside code), and the commands in its shell-tagged fenced blocks.
 */
final class MarkdownPage {

    /** A link target written on a line of the page. */
    record Link(int line, String target) {
    }

    /** One command (continuations joined) and the line it starts on. */
    record Command(int line, String text) {
    }

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^\\s`{]*)?.*$");
    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}#{1,6}(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern INLINE_LINK =
            Pattern.compile("\\[[^\\]]*]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s*(\\S+)");
    private static final Pattern HTML_LINK = Pattern.compile("<(?:a|img)\\s[^>]*?(?:href|src)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ID = Pattern.compile("<[a-z]+\\s[^>]*?(?:id|name)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Set<String> SHELL_TAGS = Set.of("bash", "sh", "shell");

    private final Path file;
    private final Set<String> anchors = new LinkedHashSet<>();
    private final List<Link> links = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();

    private MarkdownPage(Path file) {
        this.file = file;
    }

    static MarkdownPage read(Path file) {
        try {
            MarkdownPage page = new MarkdownPage(file);
            page.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    Path file() {
        return file;
    }

    Set<String> anchors() {
        return anchors;
    }

    List<Link> links() {
        return links;
    }

    List<Command> commands() {
        return commands;
    }

    private void parse(List<String> lines) {
        GithubSlugger slugger = new GithubSlugger();
        String fence = null;       // the opening fence while inside a fenced block
        String fenceTag = null;
        String previous = "";      // the previous line outside code, for setext headings
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            Matcher fenceMatch = FENCE.matcher(line);
            if (fence == null) {
                if (fenceMatch.matches()) {
                    fence = fenceMatch.group(1);
                    fenceTag = fenceMatch.group(2) == null ? "" : fenceMatch.group(2).toLowerCase(Locale.ROOT);
                    previous = "";
                    continue;
                }
                Matcher heading = ATX_HEADING.matcher(line);
                if (heading.matches()) {
                    anchors.add(slugger.slug(heading.group(1) == null ? "" : heading.group(1)));
                    previous = "";
                } else if (SETEXT_UNDERLINE.matcher(line).matches() && isParagraphText(previous)) {
                    anchors.add(slugger.slug(previous.trim()));
                    previous = "";
                } else {
                    previous = line;
                }
                collectLinks(line, lineNo);
                continue;
            }
            if (fenceMatch.matches() && fenceMatch.group(1).charAt(0) == fence.charAt(0)
                    && fenceMatch.group(1).length() >= fence.length() && line.trim().equals(fenceMatch.group(1))) {
                if (pending != null) {
                    commands.add(new Command(pendingLine, pending.toString()));
                    pending = null;
                }
                fence = null;
                continue;
            }
            // Inside a fenced block: only shell blocks hold commands.
            boolean shell = SHELL_TAGS.contains(fenceTag);
            boolean console = fenceTag.equals("console");
            String text = line;
            if (pending == null) {
                if (console) {
                    if (!text.startsWith("$ ")) {
                        continue; // program output
                    }
                    text = text.substring(2);
                } else if (!shell || text.isBlank() || text.trim().startsWith("#")) {
                    continue;
                }
                pending = new StringBuilder();
                pendingLine = lineNo;
            } else if (console && text.startsWith("> ")) {
                text = text.substring(2);
            }
            String trimmed = text.stripTrailing();
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                pending.append(trimmed);
                commands.add(new Command(pendingLine, pending.toString()));
                pending = null;
            }
        }
        if (pending != null) {
            commands.add(new Command(pendingLine, pending.toString()));
        }
    }

    private static boolean isParagraphText(String line) {
        String t = line.trim();
        return !t.isEmpty() && !t.startsWith("|") && !t.startsWith(">") && !t.startsWith("- ")
                && !t.startsWith("* ") && !t.startsWith("<") && !t.matches("\\d+\\.\\s.*");
    }

    private void collectLinks(String line, int lineNo) {
        // Links inside `code` are not links: blank the code spans out first.
        Matcher code = CODE_SPAN.matcher(line);
        StringBuilder blanked = new StringBuilder();
        while (code.find()) {
            code.appendReplacement(blanked, " ".repeat(code.group().length()));
        }
        code.appendTail(blanked);
        String text = blanked.toString();
        Matcher inline = INLINE_LINK.matcher(text);
        while (inline.find()) {
            String target = inline.group(1);
            if (target.startsWith("<") && target.endsWith(">")) {
                target = target.substring(1, target.length() - 1);
            }
            links.add(new Link(lineNo, target));
        }
        Matcher reference = REFERENCE_DEFINITION.matcher(text);
        if (reference.find()) {
            links.add(new Link(lineNo, reference.group(1)));
        }
        Matcher html = HTML_LINK.matcher(text);
        while (html.find()) {
            links.add(new Link(lineNo, html.group(1)));
        }
        Matcher id = HTML_ID.matcher(text);
        while (id.find()) {
            anchors.add(id.group(1));
        }
    }
}
