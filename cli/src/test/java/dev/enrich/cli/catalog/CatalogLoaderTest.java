package dev.enrich.cli.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.EnrichException;
import dev.enrich.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void csv_quotedMultiLineFieldsKeepTheirStartLine() throws IOException {
    Path csv = file("c.csv", "\uFEFFSKU,ASIN,Title,Price,Color\n"
        + "A-1,b000000001,\"Pan, 10\"\" wide\",24.99,red\n"
        + "A-2,B000000002,\"two\nlines\",5.00,\n"
        + "A-3,B000000003,plain,1.00,blue\n");
    Catalog c = CatalogLoader.load(csv);
    assertEquals(3, c.products().size());
    assertEquals("B000000001", c.products().get(0).asin(), "ASIN upper-cased");
    assertEquals("Pan, 10\" wide", c.products().get(0).title());
    assertEquals("red", c.products().get(0).attributes().get("Color"), "unknown columns travel as attributes");
    assertEquals(2, c.products().get(0).line());
    assertEquals(3, c.products().get(1).line());
    assertEquals(5, c.products().get(2).line());
  }

  @Test
  void csv_rejectionsNameLineAndField() throws IOException {
    Path csv = file("bad.csv", "sku,asin,title\n,B000000001,no sku\nX,,no id\nY,B000000002,ok\nY,B000000003,dup\n");
    Catalog c = CatalogLoader.load(csv);
    assertEquals(1, c.products().size());
    assertEquals(3, c.rejections().size());
    assertEquals("bad.csv:2: sku: is required", c.rejections().get(0).describe("bad.csv"));
    assertTrue(c.rejections().get(1).describe("bad.csv").startsWith("bad.csv:3: asin: at least one identifier"));
    assertEquals("bad.csv:5: sku: \"Y\" already appears on line 4", c.rejections().get(2).describe("bad.csv"));
  }

  @Test
  void json_arrayOfObjects_withLineNumbersAndAliases() throws IOException {
    Path json = file("p.json", "[\n  {\"sku\": \"J-1\", \"upc\": \"036000291452\", \"name\": \"Tent\", \"price\": 129.5},\n"
        + "  {\"seller-sku\": \"J-2\", \"asin1\": \"B000000009\", \"tags\": [\"a\"]}\n]\n");
    Catalog c = CatalogLoader.load(json);
    assertEquals(2, c.products().size());
    assertEquals("Tent", c.products().get(0).title());
    assertEquals("129.5", c.products().get(0).price());
    assertEquals(2, c.products().get(0).line());
    assertEquals("J-2", c.products().get(1).sku());
    assertEquals("B000000009", c.products().get(1).asin());
    assertEquals("[\"a\"]", c.products().get(1).attributes().get("tags"));
  }

  @Test
  void invalidFiles_areInvalidInputNamingTheFile() throws IOException {
    EnrichException notArray = assertThrows(EnrichException.class, () -> CatalogLoader.load(file("o.json", "{\"a\":1}")));
    assertEquals(ExitCodes.USAGE, notArray.exitCode());
    EnrichException broken = assertThrows(EnrichException.class, () -> CatalogLoader.load(file("b.json", "[{\"sku\": }]")));
    assertTrue(broken.getMessage().contains("b.json:1: invalid JSON"), broken.getMessage());
    EnrichException missing = assertThrows(EnrichException.class, () -> CatalogLoader.load(dir.resolve("none.csv")));
    assertTrue(missing.getMessage().endsWith("no such file"), missing.getMessage());
    assertThrows(EnrichException.class, () -> CatalogLoader.load(file("x.txt", "sku\n1\n")));
  }

  @Test
  void contentHash_identifiesTheBytes() throws IOException {
    String a = CatalogLoader.contentHash(file("a.csv", "sku,asin\n1,B000000001\n"));
    String b = CatalogLoader.contentHash(file("b.csv", "sku,asin\n1,B000000001\n"));
    String c = CatalogLoader.contentHash(file("c.csv", "sku,asin\n1,B000000002\n"));
    assertEquals(a, b);
    assertNotEquals(a, c);
    assertEquals(64, a.length());
  }
}
