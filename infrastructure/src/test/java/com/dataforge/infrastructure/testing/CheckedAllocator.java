package com.dataforge.infrastructure.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An Arrow allocator that must be back to zero bytes after every test, so a buffer a test or the code under test
 * forgot to release fails that test. Registered on an instance field ({@code @RegisterExtension}) it lives for one
 * test and is closed after it; on a static field it lives for the class, checked after each test, closed after all.
 */
public final class CheckedAllocator implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final BufferAllocator allocator = new RootAllocator();
    private boolean sharedByTheClass;

    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sharedByTheClass = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertEquals(0, allocator.getAllocatedMemory(), "bytes still allocated after " + context.getDisplayName());
        if (!sharedByTheClass) {
            allocator.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        allocator.close();
    }
}
