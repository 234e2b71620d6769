package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.admission.Admission;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Waits for a place in the route's lane, for the caller, and holds it until the response has ended (503 from the
 * admission when none frees in time). It is the last step, so that a request refused for any other reason never
 * takes or waits for a place.
 */
final class AdmissionControl implements RequestFilter {

    private final Admission admission;

    AdmissionControl(Admission admission) {
        this.admission = admission;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        Admission.Place place;
        try {
            place = admission.enter(exchange.match().route().policy().lane(), exchange.caller().id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for admission");
        }
        try (place) {
            next.proceed(exchange);
        }
    }
}
