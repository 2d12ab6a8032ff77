package dev.sharedsession.docscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the Maven build of the checked project consists of, read from its poms: the modules (path
 * → artifactId), every profile id, and the test classes under each module's {@code src/test/java}.
 */
final class Reactor {

    private final Path root;
    private final Map<String, String> modules = new LinkedHashMap<>();
    private final Set<String> profiles = new LinkedHashSet<>();
    private final List<String> testClasses = new ArrayList<>(); // "dev/sharedsession/x/FooTest"
    private final Map<String, Path> testSources = new LinkedHashMap<>(); // the same → its file
    private final List<Path> mainSources = new ArrayList<>();

    private Reactor(Path root) {
        this.root = root;
    }

    static Reactor of(Path root) {
        Reactor reactor = new Reactor(root);
        reactor.readPom(root.resolve("pom.xml"), "");
        for (String module : reactor.modules.keySet()) {
            reactor.collectTestClasses(root.resolve(module).resolve("src/test/java"));
            reactor.mainSources.addAll(javaFiles(root.resolve(module).resolve("src/main/java")));
        }
        return reactor;
    }

    /** Module paths relative to the root, as written in {@code <modules>} (nested ones joined). */
    Set<String> modulePaths() {
        return modules.keySet();
    }

    boolean hasModule(String selector) {
        String s = selector.endsWith("/") ? selector.substring(0, selector.length() - 1) : selector;
        if (s.startsWith(":")) {
            return modules.containsValue(s.substring(1));
        }
        return modules.containsKey(s) || modules.containsValue(s);
    }

    boolean hasProfile(String id) {
        return profiles.contains(id);
    }

    List<String> testClasses() {
        return testClasses;
    }

    /** Every module's test sources, by class ("dev/sharedsession/x/FooTest"). */
    Map<String, Path> testSources() {
        return testSources;
    }

    /** Every module's main sources. */
    List<Path> mainSources() {
        return mainSources;
    }

    private void readPom(Path pom, String prefix) {
        Document doc = parse(pom);
        NodeList profileNodes = doc.getElementsByTagName("profile");
        for (int i = 0; i < profileNodes.getLength(); i++) {
            String id = childText((Element) profileNodes.item(i), "id");
            if (id != null) {
                profiles.add(id);
            }
        }
        if (!prefix.isEmpty()) {
            modules.put(prefix.substring(0, prefix.length() - 1), artifactId(doc));
        }
        NodeList moduleNodes = doc.getElementsByTagName("module");
        for (int i = 0; i < moduleNodes.getLength(); i++) {
            String module = moduleNodes.item(i).getTextContent().trim();
            Path modulePom = pom.getParent().resolve(module).resolve("pom.xml");
            if (Files.isRegularFile(modulePom)) {
                readPom(modulePom, prefix + module + "/");
            }
        }
    }

    private static String artifactId(Document doc) {
        return childText(doc.getDocumentElement(), "artifactId");
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    private void collectTestClasses(Path testSources) {
        for (Path file : javaFiles(testSources)) {
            String name = testSources.relativize(file).toString().replace('\\', '/');
            name = name.substring(0, name.length() - ".java".length());
            testClasses.add(name);
            this.testSources.put(name, file);
        }
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }
}
