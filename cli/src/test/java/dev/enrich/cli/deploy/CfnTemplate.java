package dev.enrich.cli.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * template.yaml as plain maps and lists, its short-form intrinsic functions in their long form:
 * {@code !Ref X} is {@code {Ref: X}}, {@code !GetAtt A.B} is {@code {Fn::GetAtt: [A, B]}}, any other
 * {@code !Name v} is {@code {Fn::Name: v}}.
 */
record CfnTemplate(Map<String, Object> root) {
  static final Path FILE = Path.of(System.getProperty("enrich.home", "..")).resolve("template.yaml");

  static CfnTemplate load() throws IOException {
    try (Reader in = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
      return new CfnTemplate(new Yaml(new IntrinsicConstructor()).load(in));
    }
  }

  Map<String, Object> section(String name) {
    return map(root.get(name), name);
  }

  Map<String, Object> parameter(String name) {
    return map(section("Parameters").get(name), "parameter " + name);
  }

  Map<String, Object> resource(String name) {
    return map(section("Resources").get(name), "resource " + name);
  }

  Map<String, Object> properties(String resource) {
    return map(resource(resource).get("Properties"), resource + ".Properties");
  }

  /** Logical ids of the resources of one type, in template order. */
  List<String> resourcesOfType(String type) {
    return section("Resources").entrySet().stream()
        .filter(e -> type.equals(map(e.getValue(), e.getKey()).get("Type")))
        .map(Map.Entry::getKey)
        .toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String what) {
    if (!(value instanceof Map)) {
      throw new AssertionError(what + " is not a mapping in " + FILE + ": " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value, String what) {
    if (!(value instanceof List)) {
      throw new AssertionError(what + " is not a list in " + FILE + ": " + value);
    }
    return (List<Object>) value;
  }

  static Map<String, Object> ref(String name) {
    return Map.of("Ref", name);
  }

  static Map<String, Object> getAtt(String resource, String attribute) {
    return Map.of("Fn::GetAtt", List.of(resource, attribute));
  }

  /** Accepts every {@code !Tag}: the tags CloudFormation defines are its intrinsic functions. */
  private static final class IntrinsicConstructor extends SafeConstructor {
    IntrinsicConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(null, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          String tag = node.getTag().getValue();
          if (!tag.startsWith("!")) {
            throw new IllegalArgumentException("unexpected YAML tag " + tag + " at " + node.getStartMark());
          }
          String name = tag.substring(1);
          Object value;
          if (node instanceof ScalarNode scalar) {
            String text = constructScalar(scalar);
            value = "GetAtt".equals(name) ? List.of(text.split("\\.", 2)) : text;
          } else if (node instanceof SequenceNode sequence) {
            value = constructSequence(sequence);
          } else {
            value = constructMapping((MappingNode) node);
          }
          return Map.of("Ref".equals(name) || "Condition".equals(name) ? name : "Fn::" + name, value);
        }
      });
    }
  }
}
