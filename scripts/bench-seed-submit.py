#!/usr/bin/env python3
"""The seed design's submit, as a baseline for `scripts/bench process`.

The seed design this project started from queued a catalog from Python with boto3
(send_enrichment_batches): chunk the products into batches, send each batch as one SQS message,
write a status item per batch to DynamoDB. This script does that and nothing more, so that
`enrich submit` can be timed against it on the same local servers:

  - reads a CSV catalog (header sku,asin,upc,ean,title,brand,price,... as scripts/gen-catalog
    writes it) into memory; no checks, no normalisation, no resume;
  - cuts it into batches of --batch-size products in file order;
  - on --threads threads, sends them 10 per SendMessageBatch call, each body the batch message
    enrich sends (schemaVersion, catalogId, batchId, userId, submittedAt, products) with the same
    message attributes;
  - writes one PENDING item per batch with PutItem (catalog_id, batch_id, status, product_count,
    created_at, updated_at).

Usage: bench-seed-submit.py --catalog FILE --queue-url URL --table NAME --catalog-id ID
       --batch-size N [--threads 4] [--user-id bench] [--sqs-endpoint URL]
       [--dynamodb-endpoint URL] [--region REGION]
Credentials and region come from boto3's usual places (AWS_ACCESS_KEY_ID, AWS_REGION, ...).
Prints one JSON line: products, batches, calls and the seconds taken.
"""
import argparse
import concurrent.futures
import csv
import datetime
import json
import time

import boto3

PRODUCT_FIELDS = ("sku", "asin", "upc", "ean", "gtin", "title", "brand", "price")


def read_products(path):
    products = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            product = {k: row[k] for k in PRODUCT_FIELDS if row.get(k)}
            product["line"] = line
            attributes = {k: v for k, v in row.items() if k not in PRODUCT_FIELDS and v}
            if attributes:
                product["attributes"] = attributes
            products.append(product)
    return products


def main():
    p = argparse.ArgumentParser(description="The seed design's submit: SQS messages and a status item per batch.")
    p.add_argument("--catalog", required=True)
    p.add_argument("--queue-url", required=True)
    p.add_argument("--table", required=True)
    p.add_argument("--catalog-id", required=True)
    p.add_argument("--batch-size", type=int, required=True)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--user-id", default="bench")
    p.add_argument("--sqs-endpoint")
    p.add_argument("--dynamodb-endpoint")
    p.add_argument("--region")
    a = p.parse_args()

    start = time.monotonic()
    sqs = boto3.client("sqs", endpoint_url=a.sqs_endpoint, region_name=a.region)
    dynamo = boto3.client("dynamodb", endpoint_url=a.dynamodb_endpoint, region_name=a.region)
    products = read_products(a.catalog)
    now = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    batches = [products[i:i + a.batch_size] for i in range(0, len(products), a.batch_size)]

    def send(first):
        """Batches first..first+9: one SendMessageBatch, then a status item for each."""
        entries = []
        items = []
        for number in range(first, min(first + 10, len(batches))):
            batch_id = "B#%06d" % (number + 1)
            body = {"schemaVersion": "1.0", "catalogId": a.catalog_id, "batchId": batch_id,
                    "userId": a.user_id, "submittedAt": now, "products": batches[number]}
            entries.append({
                "Id": batch_id.replace("#", "_"),
                "MessageBody": json.dumps(body, separators=(",", ":")),
                "MessageAttributes": {
                    "catalog_id": {"DataType": "String", "StringValue": a.catalog_id},
                    "batch_id": {"DataType": "String", "StringValue": batch_id},
                    "schema_version": {"DataType": "String", "StringValue": "1.0"},
                },
            })
            items.append((batch_id, len(batches[number])))
        response = sqs.send_message_batch(QueueUrl=a.queue_url, Entries=entries)
        if response.get("Failed"):
            raise RuntimeError("SendMessageBatch failed: %s" % response["Failed"])
        for batch_id, count in items:
            dynamo.put_item(TableName=a.table, Item={
                "catalog_id": {"S": a.catalog_id},
                "batch_id": {"S": batch_id},
                "status": {"S": "PENDING"},
                "product_count": {"N": str(count)},
                "created_at": {"S": now},
                "updated_at": {"S": now},
            })
        return 1 + len(items)

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.threads) as pool:
        calls = sum(pool.map(send, range(0, len(batches), 10)))
    print(json.dumps({"products": len(products), "batches": len(batches), "calls": calls,
                      "seconds": round(time.monotonic() - start, 3)}))


if __name__ == "__main__":
    main()
