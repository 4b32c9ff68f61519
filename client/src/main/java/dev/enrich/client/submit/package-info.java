/** Planning a catalog into batches and sending them, resumably: the ledger of what was sent and the queue it goes to. */
package dev.enrich.client.submit;
