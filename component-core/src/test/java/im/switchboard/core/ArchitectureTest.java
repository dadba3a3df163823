package im.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONVENTIONS "the one rule": the core knows XMPP and no legacy network; a bridge knows one legacy network and
 * no XMPP. Checked on the sources: every bridge module ({@code ../bridge-*}) and the FakeBridge may use, of the
 * core, only {@code im.switchboard.core.spi}, and never Tinder or dom4j; the SPI itself mentions no XML type;
 * the core never uses a legacy protocol library.
 */
@Timeout(60)
class ArchitectureTest {

    /** A package name followed by a class name or a star: what imports and qualified names look like. */
    private static final Pattern REFERENCE = Pattern.compile(
            "\\b((?:org|jakarta|im)(?:\\.[a-z][a-z0-9_]*)+)\\.(?:[A-Z]\\w*|\\*)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final List<String> BRIDGE_FORBIDDEN = List.of("org.xmpp", "org.dom4j");
    private static final List<String> CORE_FORBIDDEN = List.of("org.pircbotx", "jakarta.mail", "org.jsmpp");

    private static Path moduleDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /**
     * The packages a source file refers to in code (imports and qualified names), ignoring comments and its own
     * package.
     */
    static List<String> references(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        Matcher own = PACKAGE.matcher(code);
        String ownPackage = own.find() ? own.group(1) : "";
        code = PACKAGE.matcher(code).replaceAll("");
        List<String> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            if (!m.group(1).equals(ownPackage)) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    private static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    /** Violations of the bridge rule in one source. */
    static List<String> bridgeViolations(String source) {
        return references(source).stream()
                .filter(ref -> BRIDGE_FORBIDDEN.stream().anyMatch(root -> within(ref, root))
                        || within(ref, "im.switchboard.core") && !ref.equals("im.switchboard.core.spi"))
                .toList();
    }

    /** Violations of the core rule in one source. */
    static List<String> coreViolations(String source) {
        return references(source).stream()
                .filter(ref -> CORE_FORBIDDEN.stream().anyMatch(root -> within(ref, root)))
                .toList();
    }

    @Test
    void theCheckerSeesImportsAndQualifiedNamesButNotComments() {
        assertEquals(List.of("org.xmpp.packet", "im.switchboard.core.session"), bridgeViolations("""
                package im.switchboard.irc;
                import org.xmpp.packet.JID;
                import im.switchboard.core.spi.Bridge;
                /** Mentions org.dom4j.Element in a comment only. */
                class X { im.switchboard.core.session.SessionManager m; // org.jsmpp.Foo
                }"""));
        assertEquals(List.of("org.pircbotx"), coreViolations("import org.pircbotx.PircBotX;\nclass Y {}"));
        assertEquals(List.of("org.dom4j"), bridgeViolations("import org.dom4j.*;"));
    }

    @Test
    void bridgesUseOnlyTheSpi() {
        List<Path> roots = new ArrayList<>();
        roots.add(moduleDir().resolve("src/test/java/im/switchboard/core/testing/fake"));
        try (Stream<Path> siblings = Files.list(moduleDir().getParent())) {
            siblings.filter(p -> p.getFileName().toString().startsWith("bridge-"))
                    .map(p -> p.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .forEach(roots::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        int files = 0;
        for (Path root : roots) {
            for (Path file : javaFiles(root)) {
                files++;
                bridgeViolations(read(file)).forEach(v -> problems.add(file + " uses " + v));
            }
        }
        assertTrue(files > 0, "no bridge sources found under " + roots);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theSpiMentionsNoXmlTypeAndNoOtherCorePackage() {
        List<String> problems = new ArrayList<>();
        for (Path file : javaFiles(moduleDir().resolve("src/main/java/im/switchboard/core/spi"))) {
            bridgeViolations(read(file)).forEach(v -> problems.add(file + " uses " + v));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theCoreUsesNoLegacyLibrary() {
        List<Path> files = javaFiles(moduleDir().resolve("src/main/java"));
        assertTrue(files.size() > 20, "core sources not found");
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            coreViolations(read(file)).forEach(v -> problems.add(file + " uses " + v));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static List<Path> javaFiles(Path root) {
        if (!Files.isDirectory(root)) {
            throw new AssertionError("missing source directory " + root);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
