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
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * One Markdown page, parsed by commonmark-java with GitHub's tables: its heading anchors (the
 * heading-anchor extension's ids, which are GitHub's for every heading our docs have: lower case,
 * punctuation dropped, spaces as {@code -}, repeats numbered {@code -1}, {@code -2}; it differs
 * from GitHub only when a heading's own text is a repeat's numbered id, like "Notes 1" after two
 * "Notes", see {@link #clashes}), its links, inline code spans, fenced blocks, shell commands and HTML comments.
 */
final class MarkdownPage {

    /** A link or image target and the line it is written on. */
    record Link(int line, String target) {
    }

    /** One command (continuations joined) and the line it starts on. */
    record Command(int line, String text) {
    }

    /** A heading whose anchor an earlier heading of the page has, and its line. */
    record Clash(int line, String anchor) {
    }

    /** An inline code span's text and its line. */
    record CodeSpan(int line, String text) {
    }

    /**
     * A fenced block: the line of its opening fence, its info string's first word (lower case),
     * its text, and the lines its text spans (1-based, inclusive; last &lt; first when empty).
     */
    record Fence(int line, String tag, String text, int firstLine, int lastLine) {
    }

    /**
     * An HTML comment, {@code <!-- body -->}: its line, its body, and what it stands before: the
     * next block if the comment is a block of its own (the fence, if that block is one), or the
     * rest of its block if it is inline. {@code covered} is that block's text as a reader sees it,
     * white space collapsed.
     */
    record Comment(int line, String body, Fence fence, String covered) {
    }

    /** A row of a table, its cells' text (code spans as their literal), and the header's cells. */
    record TableRow(int line, List<String> header, List<String> cells) {
    }

    /**
     * A paragraph or table: its first line, its text (as {@link #text}), the targets of its links,
     * and the bodies of the HTML comments in it or right above it.
     */
    record Block(int line, String text, List<String> targets, List<String> comments) {
    }

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();
    private static final Pattern HTML_LINK = Pattern.compile("<(?:a|img)\\s[^>]*?(?:href|src)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ID = Pattern.compile("<[a-z]+\\s[^>]*?(?:id|name)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENT = Pattern.compile("<!--(.*?)-->", Pattern.DOTALL);
    private static final Set<String> SHELL_TAGS = Set.of("bash", "sh", "shell");

    private final Set<String> anchors = new LinkedHashSet<>();
    private final List<Link> links = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private final List<CodeSpan> codeSpans = new ArrayList<>();
    private final List<Fence> fences = new ArrayList<>();
    private final List<Comment> comments = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final List<Clash> clashes = new ArrayList<>();
    private final List<TableRow> tableRows = new ArrayList<>();

    private MarkdownPage() {
    }

    static MarkdownPage read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static MarkdownPage parse(String markdown) {
        MarkdownPage page = new MarkdownPage();
        Node document = PARSER.parse(markdown);
        page.collectAnchors(document);
        document.accept(page.new Collector());
        return page;
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

    List<CodeSpan> codeSpans() {
        return codeSpans;
    }

    List<Fence> fences() {
        return fences;
    }

    List<Comment> comments() {
        return comments;
    }

    List<Block> blocks() {
        return blocks;
    }

    /** Every body row of every table, in order. */
    List<TableRow> tableRows() {
        return tableRows;
    }

    /**
     * Headings whose anchor an earlier heading already has: where the extension and GitHub part
     * ("Notes 1" after two "Notes": the extension gives both notes-1, GitHub the second notes-1-1).
     */
    List<Clash> clashes() {
        return clashes;
    }

    /** The heading ids are the extension's, as its renderer writes them: recorded on their way into the HTML. */
    private void collectAnchors(Node document) {
        HtmlRenderer.builder().extensions(EXTENSIONS)
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if (node instanceof Heading && attributes.containsKey("id") && !anchors.add(attributes.get("id"))) {
                        clashes.add(new Clash(line(node), attributes.get("id")));
                    }
                })
                .build().render(document);
    }

    private static int line(Node node) {
        return node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().get(0).getLineIndex() + 1;
    }

    private final class Collector extends AbstractVisitor {

        @Override
        public void visit(org.commonmark.node.Link link) {
            links.add(new Link(line(link), link.getDestination()));
            visitChildren(link);
        }

        @Override
        public void visit(Image image) {
            links.add(new Link(line(image), image.getDestination()));
            visitChildren(image);
        }

        @Override
        public void visit(Code code) {
            codeSpans.add(new CodeSpan(line(code), code.getLiteral()));
        }

        @Override
        public void visit(Paragraph paragraph) {
            block(paragraph);
            visitChildren(paragraph);
        }

        @Override
        public void visit(CustomBlock custom) {
            if (custom instanceof TableBlock) {
                block(custom);
                rows(custom);
            }
            visitChildren(custom);
        }

        private void block(Node node) {
            List<String> targets = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            if (node.getPrevious() instanceof HtmlBlock html) {
                Matcher comment = COMMENT.matcher(html.getLiteral().strip());
                if (comment.matches()) {
                    bodies.add(comment.group(1).strip());
                }
            }
            node.accept(new AbstractVisitor() {
                @Override
                public void visit(org.commonmark.node.Link link) {
                    targets.add(link.getDestination());
                    visitChildren(link);
                }

                @Override
                public void visit(HtmlInline inline) {
                    Matcher comment = COMMENT.matcher(inline.getLiteral());
                    if (comment.matches()) {
                        bodies.add(comment.group(1).strip());
                    }
                }
            });
            blocks.add(new Block(line(node), text(node), targets, bodies));
        }

        private void rows(Node table) {
            List<String> header = List.of();
            for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
                for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                    List<String> cells = new ArrayList<>();
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        StringBuilder content = new StringBuilder();
                        for (Node inline = cell.getFirstChild(); inline != null; inline = inline.getNext()) {
                            content.append(text(inline));
                        }
                        cells.add(content.toString().strip());
                    }
                    if (part instanceof TableHead) {
                        header = List.copyOf(cells);
                    } else {
                        tableRows.add(new TableRow(line(row), header, List.copyOf(cells)));
                    }
                }
            }
        }

        @Override
        public void visit(FencedCodeBlock block) {
            Fence fence = fence(block);
            fences.add(fence);
            if (SHELL_TAGS.contains(fence.tag()) || fence.tag().equals("console")) {
                addCommands(fence);
            }
        }

        @Override
        public void visit(HtmlBlock block) {
            html(block.getLiteral(), line(block));
            Matcher comment = COMMENT.matcher(block.getLiteral().strip());
            if (comment.matches()) {
                Node next = block.getNext();
                Fence fence = next instanceof FencedCodeBlock f ? fence(f) : null;
                comments.add(new Comment(line(block), comment.group(1).strip(), fence, next == null ? "" : text(next)));
            }
        }

        @Override
        public void visit(HtmlInline inline) {
            html(inline.getLiteral(), line(inline));
            Matcher comment = COMMENT.matcher(inline.getLiteral());
            if (comment.matches()) {
                comments.add(new Comment(line(inline), comment.group(1).strip(), null, text(enclosingBlock(inline))));
            }
        }

        private void html(String literal, int firstLine) {
            Matcher link = HTML_LINK.matcher(literal);
            while (link.find()) {
                links.add(new Link(firstLine + lineOffset(literal, link.start()), link.group(1)));
            }
            Matcher id = HTML_ID.matcher(literal);
            while (id.find()) {
                anchors.add(id.group(1));
            }
        }
    }

    private static Fence fence(FencedCodeBlock block) {
        String info = block.getInfo() == null ? "" : block.getInfo().strip();
        String tag = info.isEmpty() ? "" : info.split("[\\s{]", 2)[0].toLowerCase(Locale.ROOT);
        int first = line(block) + 1;
        return new Fence(line(block), tag, block.getLiteral(), first, first + (int) block.getLiteral().lines().count() - 1);
    }

    /** Shell blocks: every line a command; console blocks: the {@code $ } lines (and their {@code > } continuations). */
    private void addCommands(Fence fence) {
        boolean console = fence.tag().equals("console");
        List<String> lines = fence.text().lines().toList();
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (pending == null) {
                if (console) {
                    if (!text.startsWith("$ ")) {
                        continue; // program output
                    }
                    text = text.substring(2);
                } else if (text.isBlank() || text.trim().startsWith("#")) {
                    continue;
                }
                pending = new StringBuilder();
                pendingLine = fence.firstLine() + i;
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

    /** The paragraph, table cell or heading an inline node is in. */
    private static Node enclosingBlock(Node inline) {
        Node n = inline.getParent();
        while (n != null && !(n instanceof Paragraph || n instanceof TableCell || n instanceof Heading)) {
            n = n.getParent();
        }
        return n == null ? inline : n;
    }

    /** A block's text as a reader sees it: text and code, line breaks as spaces, table cells separated by |. */
    static String text(Node block) {
        StringBuilder text = new StringBuilder();
        block.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak b) {
                text.append(' ');
            }

            @Override
            public void visit(HardLineBreak b) {
                text.append(' ');
            }

            @Override
            public void visit(FencedCodeBlock f) {
                text.append(f.getLiteral());
            }

            @Override
            public void visit(CustomNode node) {
                visitChildren(node);
                if (node instanceof TableCell) {
                    text.append(" | ");
                }
            }

            @Override
            public void visit(CustomBlock node) {
                visitChildren(node);
                if (node instanceof TableBlock) {
                    text.append(' ');
                }
            }
        });
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    private static int lineOffset(String text, int index) {
        return (int) text.substring(0, index).chars().filter(c -> c == '\n').count();
    }
}
