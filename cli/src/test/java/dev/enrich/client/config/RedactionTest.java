package dev.enrich.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void redact_cutsUserInformationUpToTheLastAt_evenWhenThePasswordIsNotEncoded() {
    assertEquals("mongodb://***@db.example.net:27017/x", Redaction.redact("mongodb://u:p@ss/w:rd@db.example.net:27017/x"));
    assertEquals("bad 'mongodb://***@h/' here", Redaction.redact("bad 'mongodb://u:s3cret@h/' here"));
    assertEquals("{\"uri\":\"mongodb+srv://***@c.example.net\"}",
        Redaction.redact("{\"uri\":\"mongodb+srv://u:s3cret@c.example.net\"}"));
    assertEquals("http://127.0.0.1:9324/q and mongodb://***@h", Redaction.redact("http://127.0.0.1:9324/q and mongodb://a:b@h"));
  }

  @Test
  void apply_cutsTheConfiguredSecretsWhereverTheyAppear_rawAndEncoded() {
    String key = "k".repeat(20) + "0123456789";
    Redaction r = Redaction.fromEnvironment(Map.of("KEEPA_API_KEY", key,
        "MONGODB_URI", "mongodb://enrich:p%40ss%2Fw0rd@h/"));
    assertEquals("key *** and *** and ***", r.apply("key " + key + " and p@ss/w0rd and p%40ss%2Fw0rd"));
    assertEquals("quoted ***", r.apply("quoted p@ss/w0rd"));
  }

  @Test
  void passwords_ofMalformedUrisAreFoundToo() {
    assertEquals(List.of("pa@ss/:x", "pa@ss/:x"), Redaction.passwords("mongodb://u:pa@ss/:x@host:notaport/"));
    assertEquals(List.of("bad%zz"), Redaction.passwords("mongodb://u:bad%zz@h/"));
    assertEquals(List.of("a+b", "a+b"), Redaction.passwords("mongodb://u:a+b@h/"));
    assertEquals(List.of(), Redaction.passwords("mongodb://h:27017/"));
    assertEquals(List.of(), Redaction.passwords("mongodb://user@h/"));
    assertEquals(List.of(), Redaction.passwords(null));
  }

  @Test
  void apply_leavesShortValuesAlone_theyWouldCutOrdinaryWords() {
    Redaction r = Redaction.fromEnvironment(Map.of("MONGODB_URI", "mongodb://u:abc@h/"));
    assertEquals("abc of the error", r.apply("abc of the error"));
    String text = Redaction.fromEnvironment(Map.of()).apply("nothing configured");
    assertEquals("nothing configured", text);
    assertFalse(Redaction.of(List.of("secretvalue")).apply("a secretvalue b").contains("secretvalue"));
    assertTrue(Redaction.of(List.of()).apply("GET /product?key=abc&domain=1").contains("key=***"));
  }

  @Test
  void usageError_quotingAMistypedFlagsUri_showsNoPassword() {
    CliRun run = CliRun.of("--mongodb-url", "mongodb://enrich:pa/ss" + "w0rd@db.example.net/", "export", "x");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("mongodb://***@db.example.net/"), run.toString());
    assertFalse(run.err().contains("ssw0rd"), run.toString());
  }
}
