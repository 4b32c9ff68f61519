package dev.enrich.client.catalog;

import static dev.enrich.client.catalog.CatalogPasses.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import dev.enrich.contract.Product;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which column fills which product field, for the exports sellers have and with {@code --map}. */
class ColumnAliasTest {
  private static final String UPC_1 = "036000291452";
  private static final String UPC_2 = "012345678905";
  private static final String UPC_3 = "042100005264";
  private static final String EAN = "4006381333931";
  private static final String GTIN_14 = "10012345678902";

  private static final String SHOPIFY_HEADER = "Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,"
      + "Variant SKU,Variant Price,Variant Barcode,Image Src\n";

  @TempDir Path dir;

  @Test
  void genericAliases_matchWhateverTheCase() {
    Path file = write(dir, "catalog.csv", "SKU,Name,Barcode,BRAND,Price,asin,Upc,EAN\n"
        + "A1,Chef Knife,%s,Hollbrook,49.99,B00X4WHP5E,%s,%s\n".formatted(GTIN_14, UPC_1, EAN));

    Product p = CatalogPasses.of(file).product("A1");

    assertEquals("Chef Knife", p.title());
    assertEquals(GTIN_14, p.gtin());
    assertEquals("Hollbrook", p.brand());
    assertEquals("49.99", p.price());
    assertEquals("B00X4WHP5E", p.asin());
    assertEquals(UPC_1, p.upc());
    assertEquals(EAN, p.ean());
    assertEquals(Map.of(), p.attributes(), "every column was an alias");
  }

  @Test
  void genericAliases_ignoreSpacesHyphensAndUnderscores() {
    Path file = write(dir, "catalog.csv", "Seller-SKU,Product_Title,brand name,GTIN 14,EAN13,UPC Code\n"
        + "A1,Chef Knife,Hollbrook,%s,%s,%s\n".formatted(GTIN_14, EAN, UPC_1));

    Product p = CatalogPasses.of(file).product("A1");

    assertEquals("Chef Knife", p.title());
    assertEquals("Hollbrook", p.brand());
    assertEquals(GTIN_14, p.gtin());
    assertEquals(EAN, p.ean());
    assertEquals(UPC_1, p.upc());
  }

  @Test
  void shopify_variantRowsInheritTheProductCellsOfTheirHandlesFirstRow() {
    Path file = write(dir, "products_export.csv", SHOPIFY_HEADER
        + "classic-tee,Classic Tee,<p>Soft cotton</p>,Acme Apparel,Shirts,\"cotton, summer\",Size,S,TEE-S,19.99,"
        + UPC_1 + ",https://cdn.example/tee-s.jpg\n"
        + "classic-tee,,,,,,,M,TEE-M,21.00," + UPC_2 + ",\n"
        + "mug,Stoneware Mug,<p>350 ml</p>,Kiln & Co,Kitchen,,Title,Default Title,MUG-1,12.50," + UPC_3 + ",\n"
        + "mug-lid,,,,,,,,MUG-LID,3.00," + EAN + ",\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of("TEE-S", "TEE-M", "MUG-1", "MUG-LID"), read.skus(), read.rejections()::toString);
    Product medium = read.product("TEE-M");
    assertEquals("Classic Tee", medium.title());
    assertEquals("Acme Apparel", medium.brand());
    assertEquals("21.00", medium.price());
    assertEquals(UPC_2, medium.gtin());
    assertEquals(3, medium.line());
    assertEquals("M", medium.attributes().get("Option1 Value"));
    assertEquals("Shirts", medium.attributes().get("Type"));
    assertEquals("<p>Soft cotton</p>", medium.attributes().get("Body (HTML)"));
    assertFalse(medium.attributes().containsKey("Image Src"), "a variant does not inherit the first row's image");
    assertEquals("Kiln & Co", read.product("MUG-1").brand());
    assertNull(read.product("MUG-LID").title(), "another handle inherits nothing from the mug");
    assertNull(read.product("MUG-LID").brand());
    assertEquals(read.accepted(), read.replayed());
  }

  @Test
  void shopify_imageOnlyRows_areSkipped_notProductsNorRejections() {
    Path file = write(dir, "products_export.csv", SHOPIFY_HEADER
        + "classic-tee,Classic Tee,<p>Soft cotton</p>,Acme Apparel,Shirts,,Size,S,TEE-S,19.99," + UPC_1
        + ",https://cdn.example/tee-1.jpg\n"
        + "classic-tee,,,,,,,M,TEE-M,19.99," + UPC_2 + ",https://cdn.example/tee-2.jpg\n"
        + "classic-tee,,,,,,,,,,,https://cdn.example/tee-3.jpg\n"
        + "mug,Stoneware Mug,,Kiln & Co,Kitchen,,Title,Default Title,MUG-1,12.50," + UPC_3
        + ",https://cdn.example/mug-1.jpg\n"
        + "mug,,,,,,,,,,,https://cdn.example/mug-2.jpg\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(List.of(), read.rejections(), "image rows are not rejections");
    assertEquals(List.of("TEE-S", "TEE-M", "MUG-1"), read.skus());
    assertEquals(2, read.scan().skipped());
    assertEquals(read.accepted(), read.replayed());

    CliRun run = CliRun.of("validate", file.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("", run.err(), run.toString());
    assertTrue(run.out().contains("3 valid products, 0 invalid rows, 2 non-product rows skipped"), run.toString());
  }

  @Test
  void amazonAllListingsReport_readsSellerSkuAsinAndTypedProductId() {
    Path file = write(dir, "All Listings Report.txt",
        "item-name\tseller-sku\tprice\tquantity\tasin1\tproduct-id\tproduct-id-type\n"
            + "Chef Knife 8\" Blade\tKN-8\t49.99\t12\tB00X4WHP5E\tB00X4WHP5E\t1\n"
            + "Pizza Stone\tPZ-1\t29.95\t3\t\t" + UPC_1 + "\t3\n"
            + "Bread Tin\tBT-1\t9.50\t0\t\t" + EAN + "\t4\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(CatalogFormat.TSV, read.scan().layout().format());
    assertEquals(List.of("KN-8", "PZ-1", "BT-1"), read.skus(), read.rejections()::toString);
    Product knife = read.product("KN-8");
    assertEquals("Chef Knife 8\" Blade", knife.title());
    assertEquals("B00X4WHP5E", knife.asin());
    assertEquals("49.99", knife.price());
    Product stone = read.product("PZ-1");
    assertNull(stone.asin());
    assertEquals(UPC_1, stone.upc(), "product-id-type 3 is a UPC");
    assertEquals(Map.of("quantity", "3"), stone.attributes(), "a typed product-id is not an attribute");
    assertEquals(EAN, read.product("BT-1").ean(), "product-id-type 4 is an EAN");

    CliRun run = CliRun.of("validate", file.toString());
    assertEquals(0, run.exitCode(), run.toString());
  }

  @Test
  void amazonReport_productIdOfAnUntypedKind_travelsAsAttribute() {
    Path file = write(dir, "listings.txt", "item-name\tseller-sku\tasin1\tproduct-id\tproduct-id-type\n"
        + "Atlas\tBK-1\tB00X4WHP5E\t0262033844\t2\n");

    Product book = CatalogPasses.of(file).product("BK-1");

    assertEquals("0262033844", book.attributes().get("product-id"));
    assertEquals("2", book.attributes().get("product-id-type"));
    assertEquals("B00X4WHP5E", book.asin());
  }

  @Test
  void mapOption_overridesTheAlias_andTheAliasNoLongerFillsTheField() {
    Path file = write(dir, "erp.csv", "Item Code,SKU,upc\n"
        + "IC-1,OLD-1," + UPC_1 + "\n"
        + ",OLD-2," + UPC_2 + "\n");

    CatalogPasses read = CatalogPasses.of(file, ColumnMap.withOverrides(Map.of("sku", "Item Code")));
    assertEquals(List.of("IC-1"), read.skus());
    assertEquals(Map.of("SKU", "OLD-1"), read.product("IC-1").attributes());

    CliRun run = CliRun.of("validate", file.toString(), "--map", "sku=Item Code");
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals(List.of(file + ":3: Item Code: is required"), run.err().lines().toList(), run::toString);
  }

  @Test
  void mapOption_columnMissingFromTheFile_isExit2NamingIt() {
    Path file = write(dir, "erp.csv", "sku,upc\nA1," + UPC_1 + "\n");

    CliRun run = CliRun.of("validate", file.toString(), "--map", "sku=Item Code");

    assertEquals(2, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run::toString);
    assertTrue(run.err().contains(file + ":1: no SKU column; expected one of item code"), run::toString);
  }

  @Test
  void mapOption_withUnknownField_isExit2() {
    Path file = write(dir, "catalog.csv", "sku,upc\nA1," + UPC_1 + "\n");

    CliRun run = CliRun.of("validate", file.toString(), "--map", "colour=Farbe");

    assertEquals(2, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), run::toString);
    assertTrue(run.err().contains("--map colour=...: unknown field; fields are sku, asin"), run::toString);
    assertEquals("", run.out(), run.toString());
  }

  @Test
  void unknownColumns_travelAsAttributesUnderTheirOriginalNames() {
    Path file = write(dir, "catalog.csv", "sku,upc,Colour Name,weight_kg,Country of Origin\n"
        + "A1," + UPC_1 + ",Deep Red,0.5,DE\n"
        + "A2," + UPC_2 + ",, 1.25 ,\n");

    CatalogPasses read = CatalogPasses.of(file);

    assertEquals(Map.of("Colour Name", "Deep Red", "weight_kg", "0.5", "Country of Origin", "DE"),
        read.product("A1").attributes());
    assertEquals(Map.of("weight_kg", "1.25"), read.product("A2").attributes(), "blank cells are not attributes");
  }

  @Test
  void unknownJsonKeys_travelAsAttributesUnderTheirOriginalNames() {
    Path file = write(dir, "catalog.json", "[{\"sku\": \"A1\", \"upc\": \"" + UPC_1
        + "\", \"Colour Name\": \"Deep Red\", \"dimensions\": {\"w\": 2}, \"in_stock\": true}]");

    Product p = CatalogPasses.of(file).product("A1");

    assertEquals(Map.of("Colour Name", "Deep Red", "dimensions", "{\"w\":2}", "in_stock", "true"), p.attributes());
  }
}
