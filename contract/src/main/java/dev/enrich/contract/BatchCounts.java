package dev.enrich.contract;

import java.util.HashSet;
import java.util.Set;

/**
 * A catalog's batches by state, from the id sets of its progress shards. An id can sit in more
 * than one set for a moment (a duplicate delivery started while the first completed, or a crash
 * between two writes); it counts in the highest-ranked: completed, then processing, failing,
 * cancelled. Batches in no set are queued.
 */
public record BatchCounts(long queued, long processing, long completed, long failing, long cancelled) {

  /** Accumulates the sets of every shard of one catalog. */
  public static final class Builder {
    private final Set<String> completed = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Set<String> failing = new HashSet<>();
    private final Set<String> skipped = new HashSet<>();

    public void add(Set<String> completedIds, Set<String> processingIds, Set<String> failingIds, Set<String> skippedIds) {
      completed.addAll(completedIds);
      processing.addAll(processingIds);
      failing.addAll(failingIds);
      skipped.addAll(skippedIds);
    }

    /** Batches whose last attempt failed and that neither completed nor started again since. */
    public Set<String> failing() {
      Set<String> failingNow = new HashSet<>(failing);
      failingNow.removeAll(completed);
      failingNow.removeAll(inProgress());
      return failingNow;
    }

    private Set<String> inProgress() {
      Set<String> inProgress = new HashSet<>(processing);
      inProgress.removeAll(completed);
      return inProgress;
    }

    public BatchCounts build(long totalBatches) {
      Set<String> inProgress = inProgress();
      Set<String> failingNow = failing();
      Set<String> cancelled = new HashSet<>(skipped);
      cancelled.removeAll(completed);
      cancelled.removeAll(inProgress);
      cancelled.removeAll(failingNow);
      long done = completed.size();
      long queued = Math.max(0, totalBatches - done - inProgress.size() - failingNow.size() - cancelled.size());
      return new BatchCounts(queued, inProgress.size(), done, failingNow.size(), cancelled.size());
    }
  }
}
