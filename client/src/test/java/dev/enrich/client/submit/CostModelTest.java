package dev.enrich.client.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.submit.CostModel.Architecture;
import dev.enrich.client.submit.CostModel.Assumptions;
import dev.enrich.client.submit.CostModel.Estimate;
import dev.enrich.client.submit.CostModel.TokenTime;
import dev.enrich.client.submit.CostModel.TokenWait;
import dev.enrich.client.submit.CostModel.Usage;
import dev.enrich.client.submit.CostModel.Workload;
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

  /** 10,000 products in 400 batches: 800 s of work, 80 s at 10 invocations at once. */
  private static final Workload TEN_THOUSAND = new Workload(10_000, 400, 400L * 6_000, 400);
  /** 10,000 tokens at 60/min: 167 minutes. */
  private static final double SIXTY_PER_MINUTE_SECONDS = 167 * 60;

  @Test
  void tokenTime_waitingInTheInvocation_billsEveryConcurrentInvocationThroughout() {
    Usage u = CostModel.usage(TEN_THOUSAND, Assumptions.defaults(),
        new TokenTime(SIXTY_PER_MINUTE_SECONDS, TokenWait.IN_INVOCATION));
    assertEquals(10 * 10_020.0, u.lambdaGbSeconds(), EPS);
    // The arithmetic: 10 x 1 GB for ~2.8 h is about $1.7 per 10,000 products.
    Estimate e = CostModel.per1000Products(TEN_THOUSAND, Assumptions.defaults(),
        new TokenTime(SIXTY_PER_MINUTE_SECONDS, TokenWait.IN_INVOCATION));
    assertEquals(1.67, e.lambdaComputeUsd() * 10, 0.005);
  }

  @Test
  void tokenTime_deferring_billsTheWorkPlusAWaitAndAColdPathPerReturn() {
    TokenTime deferring = new TokenTime(SIXTY_PER_MINUTE_SECONDS, TokenWait.DEFERRAL);
    // Batches wait 5,010 s on average, at most 900 s per return: 6 returns each.
    assertEquals(6, CostModel.deferralsPerBatch(deferring));
    Usage u = CostModel.usage(TEN_THOUSAND, Assumptions.defaults(), deferring);
    // 800 s of work + 2,400 returns x (2.0 s cold path + 20 s wait shared by 10 records)
    assertEquals(800 + 2_400 * 4.0, u.lambdaGbSeconds(), EPS);
    assertEquals(40 + 240, u.lambdaInvocations());
    Estimate waiting = CostModel.per1000Products(TEN_THOUSAND, Assumptions.defaults(),
        new TokenTime(SIXTY_PER_MINUTE_SECONDS, TokenWait.IN_INVOCATION));
    assertTrue(CostModel.per1000Products(TEN_THOUSAND, Assumptions.defaults(), deferring).lambdaUsd()
        < waiting.lambdaUsd() / 5);
  }

  @Test
  void tokenTime_thatTheConsumersOutpace_costsNothingExtra_eitherWay() {
    Estimate plain = CostModel.per1000Products(TEN_THOUSAND, Assumptions.defaults());
    for (TokenWait wait : TokenWait.values()) {
      // 80 s: exactly what 10 invocations need for 800 s of work.
      assertEquals(plain, CostModel.per1000Products(TEN_THOUSAND, Assumptions.defaults(), new TokenTime(80, wait)));
    }
    assertEquals("the plan's rate keeps up with the consumers: no waiting for tokens",
        CostModel.describeWaiting(TEN_THOUSAND, Assumptions.defaults(), 80));
  }

  @Test
  void describeWaiting_pricesBothWays_andNamesTheOneTheEstimateAssumes() {
    assertEquals("Lambda $0.167 per 1,000 products waiting in the invocation (10 invocations at once throughout), "
            + "$0.0173 deferring batches (20 s wait and a 2.0 s cold path per return, ~6 returns per batch); "
            + "the estimate assumes deferring batches",
        CostModel.describeWaiting(TEN_THOUSAND, Assumptions.defaults(), SIXTY_PER_MINUTE_SECONDS));
  }

  @Test
  void architecture_arm64_billsGbSecondsAtTheArmPrice_only() {
    Estimate x86 = CostModel.per1000Products(SMALL, Assumptions.defaults());
    Estimate arm = CostModel.per1000Products(SMALL, Assumptions.defaults().with(Architecture.ARM64));
    assertEquals(x86.lambdaComputeUsd() * 0.0000133334 / 0.0000166667, arm.lambdaComputeUsd(), EPS);
    assertEquals(x86.lambdaRequestUsd(), arm.lambdaRequestUsd(), EPS);
    assertEquals(x86.sqsUsd() + x86.dynamoUsd(), arm.sqsUsd() + arm.dynamoUsd(), EPS);
    assertTrue(CostModel.describe(arm, Assumptions.defaults().with(Architecture.ARM64)).contains("1,024 MB arm64,"));
  }
}
