package io.hyperperp.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the example in docs/embedding.md and checks the output the page shows. */
class EmbeddingDocTest {

    private static final Path DOC = Path.of("..", "docs", "embedding.md");

    @Test
    void exampleCompilesRunsAndPrintsWhatTheDocSays(@TempDir Path dir) throws Exception {
        String doc = Files.readString(DOC);
        Matcher code = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(code.find()).as("java block in embedding.md").isTrue();
        Matcher output = Pattern.compile("It prints:\n\n```\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(output.find()).as("output block in embedding.md").isTrue();

        Path source = dir.resolve("EmbeddingExample.java");
        Files.writeString(source, code.group(1));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, null, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("EmbeddingExample").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        List<String> expected = output.group(1).lines().toList();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(expected);
    }
}
