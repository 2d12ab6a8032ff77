package dev.sharedsession.docscheck;

import dev.sharedsession.showcase.LabBatch;
import dev.sharedsession.webload.WebLoad;
import java.util.List;
import java.util.Map;

/**
 * The check's ./lab: the showcase's own {@link LabBatch}, in-process, seen as a {@link QuotedLabOutput.Printer};
 * {@code ./lab web ...} goes to web-load ({@link WebLoad#format}), whose runs are all natural.
 */
final class ShowcaseLab implements QuotedLabOutput.Printer {

    private final LabBatch lab = new LabBatch();

    @Override
    public Map<List<String>, String> print(List<List<String>> commands) {
        return lab.print(commands);
    }

    @Override
    public boolean deterministic(List<String> args) {
        return !web(args) && lab.deterministic(args);
    }

    @Override
    public String format(List<String> args) {
        return web(args) ? WebLoad.format(args.subList(1, args.size())) : lab.format(args);
    }

    private static boolean web(List<String> args) {
        return !args.isEmpty() && args.get(0).equals("web");
    }
}
