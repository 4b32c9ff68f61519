package dev.enrich.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code, scripts, the template and the READMEs cite only documents the repository holds: every
 * {@code docs/...} path they name exists, and every "docs/architecture.md section N" names a
 * section the design has. A design document that lives elsewhere cannot be cited at all.
 */
class DocumentReferencesTest {
  private static final Path ROOT = Path.of(System.getProperty("enrich.home", "..")).toAbsolutePath().normalize();
  private static final Pattern DOC_PATH = Pattern.compile("\\bdocs/[A-Za-z0-9_./-]*[A-Za-z0-9_-]\\.(?:md|json)");
  private static final Pattern SECTION = Pattern.compile("docs/architecture\\.md section (\\d+)");
  private static final Pattern FOREIGN = Pattern.compile("\\bARCHITECTURE\\.md|\\bSTYLE\\.md|\\bseed/");
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", "docs", ".aws-sam");
  private static final Set<String> TEXT = Set.of("java", "xml", "yaml", "yml", "sh", "py", "md", "json", "properties");

  @Test
  void everyCitedDocumentAndSectionExists() throws IOException {
    Set<Integer> sections = sections();
    List<String> broken = new ArrayList<>();
    for (Path file : sources()) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String where = ROOT.relativize(file).toString();
      Matcher path = DOC_PATH.matcher(text);
      while (path.find()) {
        boolean placeholder = path.group().matches(".*\\b[A-Z]{2,}\\b.*"); // docs/schemas/NAME.schema.json
        if (!placeholder && !Files.exists(ROOT.resolve(path.group()))) {
          broken.add(where + ": cites " + path.group() + ", which the repository does not hold");
        }
      }
      Matcher section = SECTION.matcher(text);
      while (section.find()) {
        if (!sections.contains(Integer.parseInt(section.group(1)))) {
          broken.add(where + ": cites " + section.group() + ", which docs/architecture.md does not have");
        }
      }
      Matcher foreign = FOREIGN.matcher(text);
      if (foreign.find()) {
        broken.add(where + ": cites " + foreign.group() + ", a document outside the repository");
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void theScanSeesTheCodeAndTheDesignHasItsSections() throws IOException {
    // A scan that found nothing would pass whatever the files say.
    assertTrue(sources().stream().anyMatch(f -> f.endsWith(Path.of("template.yaml"))), "template.yaml not scanned");
    assertTrue(sources().size() > 200, "only " + sources().size() + " files scanned");
    assertTrue(sections().containsAll(Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9)), "sections: " + sections());
  }

  private static Set<Integer> sections() throws IOException {
    Set<Integer> numbers = new TreeSet<>();
    Matcher heading = Pattern.compile("(?m)^## (\\d+)\\. ")
        .matcher(Files.readString(ROOT.resolve("docs/architecture.md"), StandardCharsets.UTF_8));
    while (heading.find()) {
      numbers.add(Integer.parseInt(heading.group(1)));
    }
    return numbers;
  }

  private static List<Path> sources() {
    try (Stream<Path> walk = Files.walk(ROOT)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> outsideSkipped(ROOT.relativize(f)))
          .filter(f -> TEXT.contains(extension(f)) || ROOT.relativize(f).startsWith("scripts"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  /** Whether no directory on {@code relative}'s way is one the scan skips (build output, clones, docs). */
  private static boolean outsideSkipped(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      if (SKIPPED_DIRS.contains(relative.getName(i).toString())) {
        return false;
      }
    }
    return true;
  }
}
