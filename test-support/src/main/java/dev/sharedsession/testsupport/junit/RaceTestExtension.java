package dev.sharedsession.testsupport.junit;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Repeats a {@link RaceTest}, each repetition with its own fresh database. */
public final class RaceTestExtension implements TestTemplateInvocationContextProvider {

    static final String REPETITIONS = "race.repetitions";

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(RaceTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        int repetitions = repetitions();
        return IntStream.rangeClosed(1, repetitions).mapToObj(i -> new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "repetition " + i + " of " + repetitions;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new FreshDatabase());
            }
        });
    }

    static int repetitions() {
        String value = System.getProperty(REPETITIONS, "").trim();
        if (value.isEmpty()) {
            return 3;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ExtensionConfigurationException(
                "-D" + REPETITIONS + "=" + value + " is not a whole number of at least 1; try -D" + REPETITIONS + "=1000");
    }
}
