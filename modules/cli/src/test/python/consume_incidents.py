#!/usr/bin/python3
"""Reads gatewatch.incidents with Confluent's own registry-aware Avro consumer (Debian's
python3-confluent-kafka 1.7, legacy confluent_kafka.avro API) and prints one JSON object per
incident on stdout. Used by the interoperability test; it is a client Gatewatch did not write."""
import json
import sys
import time

from confluent_kafka import KafkaError
from confluent_kafka.avro import AvroConsumer
from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient

bootstrap, registry_url, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
registry = CachedSchemaRegistryClient({"url": registry_url})
consumer = AvroConsumer({
    "bootstrap.servers": bootstrap,
    "group.id": "python-interop-%d" % time.time(),
    "auto.offset.reset": "earliest",
    "isolation.level": "read_committed",
    "enable.partition.eof": True,
}, schema_registry=registry)
consumer.subscribe(["gatewatch.incidents"])
seen = {}
at_eof = set()
deadline = time.time() + 60
# Read to the end of every partition: the topic holds every version of an incident, the last one wins.
while time.time() < deadline:
    msg = consumer.poll(1.0)
    assigned = {(p.topic, p.partition) for p in consumer.assignment()}
    if msg is None:
        if assigned and at_eof >= assigned and len(seen) >= expected:
            break
        continue
    if msg.error():
        if msg.error().code() == KafkaError._PARTITION_EOF:
            at_eof.add((msg.topic(), msg.partition()))
            if at_eof >= assigned and len(seen) >= expected:
                break
            continue
        print("error: %s" % msg.error(), file=sys.stderr)
        sys.exit(2)
    at_eof.discard((msg.topic(), msg.partition()))
    value = msg.value()
    seen[msg.key()] = value
consumer.close()
for key, value in seen.items():
    top = value["causes"][0] if value["causes"] else None
    print(json.dumps({
        "key": key,
        "incidentId": value["incidentId"],
        "site": value["site"],
        "kind": value["kind"],
        "state": value["state"],
        "openedAt": str(value["openedAt"]),
        "topCause": top["cause"] if top else None,
        "confidence": top["confidence"] if top else None,
        "evidenceTopic": top["evidence"][0]["source"]["topic"] if top and top["evidence"] and top["evidence"][0]["source"] else None,
        "evidenceExcerpt": top["evidence"][0]["excerpt"] if top and top["evidence"] else None,
    }))
sys.exit(0 if len(seen) >= expected else 3)
