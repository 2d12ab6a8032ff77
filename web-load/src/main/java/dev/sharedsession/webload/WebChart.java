package dev.sharedsession.webload;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** {@code --chart FILE.png}: throughput above, p99 below, against clients, a line per side. */
final class WebChart {

    private WebChart() {
    }

    private static XYLineAndShapeRenderer renderer(List<Side> sides) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < sides.size(); i++) {
            renderer.setSeriesPaint(i, switch (sides.get(i)) {
                case BROKEN -> new Color(0xC0, 0x30, 0x30);
                case SAFE -> new Color(0x30, 0x60, 0xC0);
                case DURABLE -> new Color(0x30, 0x90, 0x50);
            });
        }
        return renderer;
    }

    static void write(Path file, List<Integer> clients, List<Side> sides, List<WebLoad.Step> steps) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection throughput = new XYSeriesCollection();
        XYSeriesCollection p99 = new XYSeriesCollection();
        for (Side side : sides) {
            XYSeries rate = new XYSeries(side.word());
            XYSeries tail = new XYSeries(side.word());
            for (WebLoad.Step step : steps) {
                if (step.side() == side) {
                    rate.add(step.clients(), step.load().requestsPerSecond());
                    tail.add(step.clients(), WebReport.millis(step.load().allLatencies(), 99));
                }
            }
            throughput.addSeries(rate);
            p99.addSeries(tail);
        }
        NumberAxis clientAxis = new NumberAxis("clients");
        clientAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(clientAxis);
        // One colour per side in both plots (broken red, safe blue), and one legend for both.
        XYLineAndShapeRenderer above = renderer(sides);
        XYLineAndShapeRenderer below = renderer(sides);
        below.setDefaultSeriesVisibleInLegend(false);
        plot.add(new XYPlot(throughput, null, new NumberAxis("requests/s"), above));
        plot.add(new XYPlot(p99, null, new NumberAxis("p99 (ms)"), below));
        JFreeChart chart = new JFreeChart("The shop under load (" + WebLoad.joined(clients) + " clients)",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 600);
        } catch (IOException e) {
            throw new WebLoadFailure(1, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
