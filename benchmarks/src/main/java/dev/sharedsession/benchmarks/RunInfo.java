package dev.sharedsession.benchmarks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The facts a number needs beside it: which machine, which JDK and libraries, which command,
 * when, and how busy the machine was. Saved as {@code run-info.json} next to {@code results.json},
 * so that {@code ./bench report} can regenerate a report with the facts of the original run.
 */
final class RunInfo {

    static final String FILE = "run-info.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Label, then group id and artifact id of the libraries whose versions the report states. */
    private static final List<String[]> LIBRARIES = List.of(
            new String[] {"Hibernate ORM", "org.hibernate.orm", "hibernate-core"},
            new String[] {"H2", "com.h2database", "h2"},
            new String[] {"HikariCP", "com.zaxxer", "HikariCP"},
            new String[] {"JMH", "org.openjdk.jmh", "jmh-core"},
            new String[] {"datasource-proxy", "net.ttddyy", "datasource-proxy"},
            new String[] {"JFreeChart", "org.jfree", "jfreechart"});

    final Map<String, String> facts = new LinkedHashMap<>();

    private RunInfo() {
    }

    /** The facts known when a run starts. */
    static RunInfo atStart(String command, Profile profile) {
        RunInfo info = new RunInfo();
        Map<String, String> f = info.facts;
        f.put("command", command);
        f.put("profile", profile.cliName() + ": " + profile.describe());
        f.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        f.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        f.put("cpu", cpuModel());
        f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")");
        f.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version")
                + ", " + System.getProperty("java.vm.name"));
        for (String[] library : LIBRARIES) {
            f.put(library[0], version(library[1], library[2]));
        }
        // These two are not built with Maven, so they have no pom.properties: ask them.
        f.put("Hibernate ORM", org.hibernate.Version.getVersionString());
        f.put("H2", org.h2.engine.Constants.VERSION);
        f.put("load average at start", loadAverage());
        return info;
    }

    /** What the run measures, on which databases (the servers' versions as they answered), and its estimate. */
    void plan(Plan plan, Map<String, String> databases) {
        databases.forEach((word, description) -> facts.put("database " + word, description));
        facts.put("estimated duration", plan.combinations() + " combinations, " + Plan.minutes(plan.estimate())
                + " on paper (Profile's budget)");
    }

    void finish(Instant started) {
        facts.put("load average at end", loadAverage());
        Duration took = Duration.between(started, Instant.now());
        facts.put("duration", took.toMinutes() + " min " + took.toSecondsPart() + " s");
    }

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), GSON.toJson(facts) + "\n");
    }

    /** The facts saved with a results file, or an empty set if there are none. */
    static Map<String, String> readNextTo(Path results) {
        Path file = results.toAbsolutePath().getParent().resolve(FILE);
        if (!Files.isReadable(file)) {
            return Map.of();
        }
        try {
            Map<String, String> read = GSON.fromJson(Files.readString(file), new TypeToken<LinkedHashMap<String, String>>() { }.getType());
            return read == null ? Map.of() : read;
        } catch (IOException | JsonParseException e) {
            return Map.of();
        }
    }

    static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }
        return "unknown (no /proc/cpuinfo)";
    }

    static String loadAverage() {
        Path loadavg = Path.of("/proc/loadavg");
        if (Files.isReadable(loadavg)) {
            try {
                String[] parts = Files.readString(loadavg).trim().split("\\s+");
                return parts[0] + " / " + parts[1] + " / " + parts[2] + " (1 / 5 / 15 min)";
            } catch (IOException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format("%.2f (1 min)", load);
    }

    /** From the pom.properties every Maven-built jar carries (kept in the shaded jar). */
    static String version(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = RunInfo.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
