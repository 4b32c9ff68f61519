package dev.enrich.cli.doctor;

import java.util.Optional;

/** The attributes of SQS queues the queue check reads, behind an interface for tests. */
public interface QueueDirectory {
  /**
   * @param deadLetterTargetArn from the queue's RedrivePolicy, or null when it has none
   * @param maxReceiveCount from the RedrivePolicy, 0 when it has none
   */
  record QueueFacts(String name, int visibilityTimeoutSeconds, int retentionSeconds, String deadLetterTargetArn,
      int maxReceiveCount) {}

  /** The queue of this name or URL; empty when it does not exist. */
  Optional<QueueFacts> find(String nameOrUrl);

  /** The queue of this ARN (a DLQ named by a RedrivePolicy); empty when it does not exist. */
  Optional<QueueFacts> findByArn(String arn);
}
