package dev.enrich.cli;

import dev.enrich.cli.doctor.Doctor;
import dev.enrich.cli.doctor.DoctorText;
import dev.enrich.cli.doctor.StackChecks;
import dev.enrich.client.EnrichException;
import dev.enrich.client.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Check, in order, everything a run needs, one line each with the fix when a check fails: credentials "
            + "(STS GetCallerIdentity: account and ARN; skipped against local endpoints, which have no STS), "
            + "region, the queue and its DLQ (redrive policy, DLQ retention above the queue's, visibility timeout "
            + "at least 6x the function timeout), the status table and its by_user index, MongoDB (reachable, "
            + "login, the products collection's unique index) and Keepa (GET /token, which costs no tokens: key, "
            + "tokens left, refill rate; skipped without KEEPA_API_KEY when the provider is mock).",
        "The first thing to run after deploying."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  enrich --profile enrich-dev doctor",
        "  enrich --profile enrich-dev doctor --function-timeout 900",
        "  enrich --profile local doctor -o json | jq '.checks[] | select(.outcome != \"pass\")'"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every check passed or was skipped", "1:a check failed", "2:usage error",
        "4:nothing could be reached (network, endpoints or credentials)"})
public final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Option(names = "--function-timeout", paramLabel = "SECONDS", defaultValue = "${env:ENRICH_FUNCTION_TIMEOUT}",
      description = "The consumer's timeout (the stack's LambdaTimeout), to check the queue's visibility timeout "
          + "against. Env: ENRICH_FUNCTION_TIMEOUT. Unset: that part is skipped.")
  Integer functionTimeoutSeconds;

  @Override
  public Integer call() {
    if (functionTimeoutSeconds != null && functionTimeoutSeconds < 1) {
      throw EnrichException.invalidInput("--function-timeout must be at least 1 second, not " + functionTimeoutSeconds);
    }
    Settings settings = EnrichCommand.globalOf(spec).settings();
    try (StackChecks checks = new StackChecks(settings, functionTimeoutSeconds, System.getenv())) {
      Doctor.Diagnosis diagnosis = new Doctor(checks.checks()).run();
      output.print(spec.commandLine().getOut(), diagnosis.report(), DoctorText.render(diagnosis.report()));
      return diagnosis.exitCode();
    }
  }
}
