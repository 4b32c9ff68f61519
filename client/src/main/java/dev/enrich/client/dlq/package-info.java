/** The dead-letter queue tools: peek, filtered redrive, and SQS move tasks, with the status table kept in step. */
package dev.enrich.client.dlq;
