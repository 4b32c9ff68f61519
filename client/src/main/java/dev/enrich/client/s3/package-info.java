/**
 * Catalogs read from S3 and exports written to it ({@code s3://bucket/key}): the object streamed
 * into the same readers as a file, exports uploaded in parts and completed only when whole, and S3's
 * refusals said as one line naming the object and, for a denial, the IAM action missing.
 */
package dev.enrich.client.s3;
