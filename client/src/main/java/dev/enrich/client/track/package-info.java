/** Reading where catalogs stand: status, watch, list, cancel, and the export of enriched products. */
package dev.enrich.client.track;
