package io.gatewatch.serde;

import java.util.List;
import org.apache.avro.Schema;

/** Counts the calls the serdes make, to prove that they cache. */
final class CountingClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    int registerCalls;
    int byIdCalls;

    CountingClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        registerCalls++;
        return delegate.register(subject, schema);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        byIdCalls++;
        return delegate.schemaById(id);
    }

    @Override
    public int idFor(String subject, Schema schema) {
        return delegate.idFor(subject, schema);
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return delegate.latest(subject);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return delegate.compatibility(subject);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return delegate.globalCompatibility();
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        delegate.setGlobalCompatibility(level);
    }
}
