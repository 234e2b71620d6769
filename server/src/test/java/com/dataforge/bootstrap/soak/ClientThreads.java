package com.dataforge.bootstrap.soak;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One platform thread per simulated client. Not virtual threads: those are not time-sliced, so a few readers busy
 * decoding Arrow or JSON from full socket buffers keep the test JVM's carriers and a short request's client waits
 * seconds to run at all. Measured so: the server logged a record lookup at 56 ms that its virtual-thread client
 * timed at 30 s. The OS shares the cores among platform threads, as it does among real clients on other machines.
 */
final class ClientThreads {

    private ClientThreads() {
    }

    static ExecutorService start(String scenario) {
        return Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name(scenario + " client ", 0).daemon()
                .factory());
    }
}
