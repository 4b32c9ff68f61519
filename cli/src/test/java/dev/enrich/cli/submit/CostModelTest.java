package dev.enrich.cli.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.submit.CostModel.Assumptions;
import dev.enrich.cli.submit.CostModel.Estimate;
import dev.enrich.cli.submit.CostModel.Usage;
import dev.enrich.cli.submit.CostModel.Workload;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CostModelTest {

  private static final double EPS = 1e-12;

  /** 1,000 products in 25 batches of 12,000 bytes: one chunk each, 300,000 bytes in all. */
  private static final Workload SMALL = new Workload(1_000, 25, 300_000, 25);

  /** 10,000 products in 100 messages of 1 MiB: 16 chunks each. */
  private static final Workload LARGE = new Workload(10_000, 100, 100L * 1_048_576, 100L * 16);

  @Test
  void usage_smallMessages_countsCallsChunksInvocationsAndUnits() {
    Usage u = CostModel.usage(SMALL, Assumptions.defaults());
    // sends max(ceil(25/10)=3, ceil(300,000/65,536)=5) = 5, receives 25, deletes ceil(25/10) = 3
    assertEquals(33, u.sqsRequests());
    assertEquals(3, u.lambdaInvocations());
    assertEquals(50.0, u.lambdaGbSeconds(), EPS); // 25 * 2.0 s * 1 GB
    assertEquals(155, u.writeUnits()); // 25 * (3 + 3) + 1 receipt * 3 + 2
    assertEquals(12.5, u.readUnits(), EPS);
  }

  @Test
  void per1000Products_smallMessages_matchesHandComputedPrices() {
    Estimate e = CostModel.per1000Products(SMALL, Assumptions.defaults());
    assertEquals(0.0000132, e.sqsUsd(), EPS); // 33 * $0.40/M
    assertEquals(0.0000006, e.lambdaRequestUsd(), EPS); // 3 * $0.20/M
    assertEquals(0.000833335, e.lambdaComputeUsd(), EPS); // 50 GB-s * $0.0000166667
    assertEquals(0.0000984375, e.dynamoUsd(), EPS); // 155 * $0.625/M + 12.5 * $0.125/M
    assertEquals(0.000833935, e.lambdaUsd(), EPS);
    assertEquals(0.0009455725, e.totalUsd(), EPS);
  }

  @Test
  void per1000Products_oneMebibyteMessages_areBilledPerChunkAndScaledToAThousand() {
    Usage u = CostModel.usage(LARGE, Assumptions.defaults());
    // sends max(10 calls, 1,600 chunks) = 1,600, receives 1,600, deletes 10
    assertEquals(3_210, u.sqsRequests());
    assertEquals(608, u.writeUnits()); // 100 * 6 + 2 receipts * 3 + 2

    Estimate e = CostModel.per1000Products(LARGE, Assumptions.defaults());
    // whole workload divided by 10 (10,000 products)
    assertEquals(0.0001284, e.sqsUsd(), EPS); // 3,210 * $0.40/M / 10
    assertEquals(0.0000002, e.lambdaRequestUsd(), EPS); // 10 * $0.20/M / 10
    assertEquals(0.000333334, e.lambdaComputeUsd(), EPS); // 200 GB-s * $0.0000166667 / 10
    assertEquals(0.000038625, e.dynamoUsd(), EPS); // (608 * $0.625/M + 50 * $0.125/M) / 10
    assertEquals(0.000500559, e.totalUsd(), EPS);
  }

  @Test
  void chunks_roundsEachPayloadUpTo64KiBAndBillsAtLeastOne() {
    assertEquals(1, CostModel.chunks(0));
    assertEquals(1, CostModel.chunks(65_536));
    assertEquals(2, CostModel.chunks(65_537));
    assertEquals(16, CostModel.chunks(1_048_576));
  }

  @Test
  void per1000Products_zeroProducts_isAllZerosNotNaN() {
    for (Workload w : new Workload[] {new Workload(0, 0, 0, 0), new Workload(0, 3, 900, 3)}) {
      Estimate e = CostModel.per1000Products(w, Assumptions.defaults());
      assertEquals(new Estimate(0, 0, 0, 0), e);
      assertEquals(0.0, e.totalUsd());
    }
    String line = CostModel.describe(new Estimate(0, 0, 0, 0), Assumptions.defaults());
    assertTrue(line.startsWith("AWS cost ~ $0 per 1,000 products (SQS $0, Lambda $0, DynamoDB $0;"), line);
  }

  @Test
  void per1000Products_doublingSecondsPerBatch_doublesOnlyLambdaCompute() {
    Estimate base = CostModel.per1000Products(SMALL, new Assumptions(1024, 2.0, 10));
    Estimate slow = CostModel.per1000Products(SMALL, new Assumptions(1024, 4.0, 10));
    assertEquals(2 * base.lambdaComputeUsd(), slow.lambdaComputeUsd(), EPS);
    assertEquals(0.00166667, slow.lambdaComputeUsd(), EPS);
    assertEquals(base.lambdaRequestUsd(), slow.lambdaRequestUsd(), EPS);
    assertEquals(base.sqsUsd(), slow.sqsUsd(), EPS);
    assertEquals(base.dynamoUsd(), slow.dynamoUsd(), EPS);
  }

  @Test
  void describe_printsPartsAndAssumptionsIndependentOfTheDefaultLocale() {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      String line = CostModel.describe(
          CostModel.per1000Products(SMALL, Assumptions.defaults()), Assumptions.defaults());
      assertEquals(
          "AWS cost ~ $0.000946 per 1,000 products (SQS $0.0000132, Lambda $0.000834, DynamoDB $0.0000984; "
              + "1,024 MB, 2.0 s per batch, 10 batches per invocation, us-east-1 on-demand prices of 2026-11)",
          line);
    } finally {
      Locale.setDefault(previous);
    }
  }

  @Test
  void inputs_outOfRange_areRejectedNamingTheValue() {
    IllegalArgumentException products =
        assertThrows(IllegalArgumentException.class, () -> new Workload(-1, 0, 0, 0));
    assertEquals("products must be 0 or more, not -1", products.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Workload(10, 1, -5, 1));
    IllegalArgumentException memory =
        assertThrows(IllegalArgumentException.class, () -> new Assumptions(64, 2.0, 10));
    assertTrue(memory.getMessage().startsWith("Lambda memory 64 MB"), memory.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Assumptions(1024, Double.NaN, 10));
    assertThrows(IllegalArgumentException.class, () -> new Assumptions(1024, 2.0, 0));
  }
}
