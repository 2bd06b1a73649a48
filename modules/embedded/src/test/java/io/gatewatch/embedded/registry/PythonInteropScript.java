package io.gatewatch.embedded.registry;

/**
 * The Python side of {@link PythonClientInteropTest}, kept as a text block so that it travels with
 * the test class.
 */
final class PythonInteropScript {

    static final String SOURCE = """
        \"""Talks to the embedded registry and broker with Debian's confluent_kafka 1.7, a client we did not write.

        Usage: python_interop.py BOOTSTRAP REGISTRY_URL READ_TOPIC COUNT WRITE_TOPIC SITE_SCHEMA_JSON
        Prints one JSON object per line: {"check": name, ...}. Exits non-zero on any failure.
        \"""
        import datetime
        import json
        import sys
        import time

        from confluent_kafka.avro import AvroConsumer, AvroProducer, loads
        from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient


        def emit(check, **fields):
            fields["check"] = check
            print(json.dumps(fields, default=str), flush=True)


        def main():
            bootstrap, url, read_topic, count, write_topic, site_schema = sys.argv[1:7]
            count = int(count)

            # records the Java serdes wrote: keys and values decoded through the registry
            consumer = AvroConsumer({
                "bootstrap.servers": bootstrap,
                "group.id": "python-interop",
                "auto.offset.reset": "earliest",
                "schema.registry.url": url,
            })
            consumer.subscribe([read_topic])
            deadline = time.time() + 60
            seen = 0
            while seen < count and time.time() < deadline:
                message = consumer.poll(1.0)
                if message is None:
                    continue
                if message.error():
                    raise RuntimeError(str(message.error()))
                emit("consumed", key=message.key(), value=message.value())
                seen += 1
            consumer.close()
            if seen < count:
                raise RuntimeError("consumed %d of %d records" % (seen, count))

            # the registry API as the Python client uses it
            client = CachedSchemaRegistryClient({"url": url})
            probe_v1 = loads('{"type":"record","name":"PyProbe","namespace":"py","fields":[{"name":"a","type":"string"}]}')
            probe_v2 = loads('{"type":"record","name":"PyProbe","namespace":"py","fields":[{"name":"a","type":"string"},'
                             '{"name":"b","type":"int","default":0}]}')
            probe_bad = loads('{"type":"record","name":"PyProbe","namespace":"py","fields":[{"name":"a","type":"int"}]}')
            first = client.register("py-probe-value", probe_v1)
            again = CachedSchemaRegistryClient({"url": url}).register("py-probe-value", probe_v1)
            second = client.register("py-probe-value", probe_v2)
            latest_id, latest_schema, latest_version = client.get_latest_schema("py-probe-value")
            emit("registry",
                 first=first, again=again, second=second,
                 latest_id=latest_id, latest_version=latest_version, latest_fields=[f.name for f in latest_schema.fields],
                 version_of_v1=client.get_version("py-probe-value", probe_v1),
                 compatible_v2=client.test_compatibility("py-probe-value", probe_v2),
                 compatible_bad=client.test_compatibility("py-probe-value", probe_bad),
                 by_id_name=client.get_by_id(first).fullname,
                 update=client.update_compatibility("FULL", "py-probe-value"),
                 global_level=client.get_compatibility())
            try:
                client.register("py-probe-value", probe_bad)
                emit("incompatible", rejected=False)
            except Exception as e:  # ClientError
                emit("incompatible", rejected=True, message=str(e))

            # a record the Java deserializer must read
            producer = AvroProducer({"bootstrap.servers": bootstrap, "schema.registry.url": url},
                                    default_key_schema=loads('"string"'), default_value_schema=loads(site_schema))
            producer.produce(topic=write_topic, key="py.example.com", value={
                "site": "py.example.com",
                "hosts": ["py-web-1"],
                "fpmPool": "py",
                "database": None,
                "cache": None,
                "cdnZone": None,
                "learned": True,
                "updatedAt": datetime.datetime(2024, 5, 3, 10, 15, 30, tzinfo=datetime.timezone.utc),
            })
            remaining = producer.flush(30)
            emit("produced", remaining=remaining)
            if remaining:
                raise RuntimeError("%d records not delivered" % remaining)


        if __name__ == "__main__":
            main()
        """;

    private PythonInteropScript() {
    }
}
