package dev.enrich.cli.doctor;

import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CheckResult;
import java.util.Optional;

/** The status table is there and ACTIVE, with its {@code by_user} index ({@code list} queries it). */
public final class TableCheck implements Check {
  static final String NAME = "table";
  private static final String ACTIVE = "ACTIVE";

  private final TableDirectory tables;
  private final String table;
  private final String howToCreate;

  public TableCheck(TableDirectory tables, String table, String howToCreate) {
    this.tables = tables;
    this.table = table;
    this.howToCreate = howToCreate;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult run() {
    Optional<TableDirectory.TableFacts> found = tables.describe(table);
    if (found.isEmpty()) {
      return CheckResult.fail(NAME, "status table " + table + " does not exist",
          "create it: " + howToCreate + "; or check --table and --profile");
    }
    TableDirectory.TableFacts facts = found.get();
    if (!ACTIVE.equals(facts.status())) {
      return CheckResult.fail(NAME, "status table " + table + " is " + facts.status(),
          "wait until it is ACTIVE, then run doctor again");
    }
    String index = facts.indexes().get(StatusTable.BY_USER_INDEX);
    if (index == null) {
      return CheckResult.fail(NAME, "status table " + table + " has no " + StatusTable.BY_USER_INDEX
          + " index ('list' needs it)", "recreate it: " + howToCreate);
    }
    if (!ACTIVE.equals(index)) {
      return CheckResult.fail(NAME, "index " + StatusTable.BY_USER_INDEX + " of status table " + table + " is "
          + index, "wait until it is ACTIVE, then run doctor again");
    }
    return CheckResult.pass(NAME, table + " ACTIVE, index " + StatusTable.BY_USER_INDEX + " ACTIVE");
  }
}
