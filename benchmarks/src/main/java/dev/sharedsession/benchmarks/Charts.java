package dev.sharedsession.benchmarks;

import static dev.sharedsession.benchmarks.Results.CONTEXT;
import static dev.sharedsession.benchmarks.Results.LABELS;
import static dev.sharedsession.benchmarks.Results.STRATEGIES;

import dev.sharedsession.benchmarks.Results.Measured;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The report's PNG charts (JFreeChart), drawn from the results: every point with its error bar. */
final class Charts {

    private Charts() {
    }

    /**
     * Units of work per second against threads, one line per strategy, one panel per database
     * (sharing the y axis, linear from 0, so that "flat" and "climbing" look like what they are),
     * for one workload at one round-trip time.
     */
    static void throughput(Results results, String workload, String rtt, List<String> databases, Path file)
            throws IOException {
        NumberAxis y = new NumberAxis("units of work per second");
        y.setAutoRangeIncludesZero(true);
        y.setNumberFormatOverride(new DecimalFormat("#,##0"));
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(y);
        plot.setGap(12);
        int top = 1;
        for (String db : databases) {
            TreeSet<Integer> threads = results.uowThreads(db, rtt, workload);
            if (threads.isEmpty()) {
                continue;
            }
            top = Math.max(top, threads.last());
            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            List<Color> paints = new java.util.ArrayList<>();
            for (int i = 0; i < STRATEGIES.length; i++) {
                YIntervalSeries series = new YIntervalSeries(LABELS.get(STRATEGIES[i]));
                for (int n : threads) {
                    // A throughput is never negative: an error bar reaching below zero is cut there.
                    results.uow(db, rtt, workload, STRATEGIES[i], n).ifPresent(r -> series.add(n, r.primary().score(),
                            Math.max(0, r.primary().low()), r.primary().high()));
                }
                if (series.getItemCount() > 0) {
                    // A strategy keeps its colour whichever others the run measured.
                    data.addSeries(series);
                    paints.add(COLOURS[i % COLOURS.length]);
                }
            }
            NumberAxis x = new NumberAxis("threads, " + Report.databaseName(db));
            x.setTickUnit(new NumberTickUnit(1));
            XYErrorRenderer renderer = new XYErrorRenderer();
            renderer.setDefaultLinesVisible(true);
            renderer.setDefaultShapesVisible(true);
            renderer.setDrawXError(false);
            renderer.setCapLength(6);
            for (int i = 0; i < paints.size(); i++) {
                renderer.setSeriesStroke(i, new BasicStroke(2f));
                renderer.setSeriesPaint(i, paints.get(i));
            }
            XYPlot panel = new XYPlot(data, x, null, renderer);
            panel.setBackgroundPaint(Color.WHITE);
            panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
            panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
            plot.add(panel, 1);
        }
        for (XYPlot panel : plot.getSubplots()) {
            panel.getDomainAxis().setRange(0.5, top + 0.5);
        }
        // Every panel has the same four strategies: one legend entry each, not one per panel.
        if (!plot.getSubplots().isEmpty()) {
            plot.setFixedLegendItems(plot.getSubplots().get(0).getLegendItems());
        }
        String title = "Units of work per second against threads, " + workload.toLowerCase(Locale.ROOT) + ", "
                + (Plan.isZero(rtt) ? "no network (RTT 0)" : "modelled RTT " + rtt + " ms") + " (mean ± 99.9% CI)";
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, databases.size() > 1 ? 1000 : 800, 500);
    }

    /** Flush and query cost against the persistence context's size (log-log). */
    static void context(Results results, TreeSet<Integer> sizes, Path file) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("flushNothingDirty", "flush, nothing dirty");
        labels.put("autoFlushQuery", "auto-flushing query");
        labels.put("queryWithoutAutoFlush", "same query, NO_FLUSH");
        for (Map.Entry<String, String> method : labels.entrySet()) {
            YIntervalSeries series = new YIntervalSeries(method.getValue());
            for (int size : sizes) {
                results.find(CONTEXT, method.getKey(), 0, "managed", String.valueOf(size)).ifPresent(r -> {
                    Measured m = r.primary();
                    // A log axis cannot show zero: clip an error bar that reaches below a tenth of the score.
                    series.add(size, m.score(), Math.max(m.score() / 10, m.low()), m.high());
                });
            }
            data.addSeries(series);
        }
        LogAxis x = new LogAxis("managed entities (log scale)");
        x.setBase(10);
        x.setSmallestValue(100);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        x.setRange(sizes.first() / 2.0, sizes.last() * 2.0);
        LogAxis y = new LogAxis("µs per call (log scale)");
        y.setBase(10);
        y.setSmallestValue(0.01);
        y.setTickUnit(new NumberTickUnit(1));
        y.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart("Cost against persistence context size (mean ± 99.9% CI)",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 500);
    }

    /** One colour per series, in series order, readable on white. */
    private static final Color[] COLOURS = {
        new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x7F7F7F)};

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
            for (int i = 0; i < xy.getSeriesCount(); i++) {
                xy.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
                xy.getRenderer().setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            }
        } else if (chart.getPlot() instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
            category.getRenderer().setSeriesPaint(0, COLOURS[1]);
        }
    }

    /** Time per call of each operation, bars with error bars; {@code times} in the order of the bars. */
    static void sessionCost(Map<String, Measured> times, Path file) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        times.forEach((label, m) -> data.add(m.score(), Double.isNaN(m.error()) ? 0 : m.error(), "time per call", label));
        NumberAxis micros = new NumberAxis("µs per call");
        double top = 0;
        for (int i = 0; i < data.getColumnCount(); i++) {
            top = Math.max(top, data.getMeanValue(0, i).doubleValue() + data.getStdDevValue(0, i).doubleValue());
        }
        // Error bars that reach below zero are cut at zero: a time is never negative.
        micros.setRange(0, top * 1.05);
        JFreeChart chart = new JFreeChart("What a Session costs (mean ± 99.9% CI)", JFreeChart.DEFAULT_TITLE_FONT,
                new CategoryPlot(data, new CategoryAxis(), micros, new StatisticalBarRenderer()), false);
        style(chart);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 400);
    }
}
