package dev.sharedsession.docscheck;

import dev.sharedsession.showcase.LabBatch;
import java.util.List;
import java.util.Map;

/** The check's ./lab: the showcase's own {@link LabBatch}, in-process, seen as a {@link QuotedLabOutput.Printer}. */
final class ShowcaseLab implements QuotedLabOutput.Printer {

    private final LabBatch lab = new LabBatch();

    @Override
    public Map<List<String>, String> print(List<List<String>> commands) {
        return lab.print(commands);
    }

    @Override
    public boolean deterministic(List<String> args) {
        return lab.deterministic(args);
    }

    @Override
    public String format(List<String> args) {
        return lab.format(args);
    }
}
