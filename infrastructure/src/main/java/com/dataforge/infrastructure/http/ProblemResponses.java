package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.ConflictException;
import com.dataforge.domain.failure.DataForgeException;
import com.dataforge.domain.failure.ForbiddenException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.failure.SeeAlso;
import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.domain.failure.TooLargeException;
import com.dataforge.infrastructure.lanes.LaneFullException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the later steps throw into an RFC 9457 problem response: the domain's failures and {@link HttpProblem}
 * into their 4xx or 503, a full lane into a 503 whose {@code lane} member names it, anything else into a 500 that
 * quotes the request id and logs the stack trace. A failure after the response has started can no longer be answered:
 * the exchange is aborted instead, so that the client sees a broken transfer rather than a complete-looking truncated
 * body.
 */
final class ProblemResponses implements RequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    /** Thrown on past the server's handler so that it drops the connection without the final chunk. */
    static final class ResponseAborted extends IOException {
        ResponseAborted() {
            super("response aborted mid-stream");
        }
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        try {
            next.proceed(exchange);
        } catch (Exception | StackOverflowError failure) {
            if (exchange.responded()) {
                LOG.warn("response aborted after {} bytes: {}", exchange.bytes(), describe(failure));
                throw new ResponseAborted();
            }
            answer(exchange, failure);
        }
    }

    private static void answer(ApiExchange exchange, Throwable failure) {
        String parameter = null;
        String lane = null;
        int status;
        String detail = failure.getMessage();
        switch (failure) {
            case InvalidRequestException invalid -> {
                status = 400;
                parameter = invalid.parameter();
            }
            case ForbiddenException forbidden -> {
                status = 403;
                parameter = forbidden.parameter();
            }
            case NotFoundException notFound -> status = 404;
            case ConflictException conflict -> status = 409;
            case TooLargeException tooLarge -> {
                status = 413;
                parameter = tooLarge.limit();
            }
            case LaneFullException full -> {
                status = 503;
                lane = full.lane().label();
                exchange.setHeader("Retry-After", Long.toString(Math.max(1, full.retryAfter().toSeconds())));
            }
            case ServiceUnavailableException unavailable -> {
                status = 503;
                exchange.setHeader("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
            }
            case HttpProblem problem -> {
                status = problem.status();
                if (problem.allow() != null) {
                    exchange.setHeader("Allow", problem.allow());
                }
            }
            default -> {
                status = 500;
                detail = "internal error; quote request id " + exchange.requestId() + " when reporting it";
                LOG.error("request failed with an unexpected error", failure);
            }
        }
        if (failure instanceof DataForgeException known && known.seeAlso().isPresent()) {
            detail += "; " + request(known.seeAlso().get(), exchange.basePath());
        }
        try {
            ObjectNode problem = ProblemDetails.of(status, detail, exchange.rawPath(), exchange.requestId(), parameter);
            if (lane != null) {
                problem.put("lane", lane);
            }
            exchange.send(status, ProblemDetails.MEDIA_TYPE, ApiExchange.JSON.writeValueAsBytes(problem));
        } catch (IOException e) {
            LOG.debug("client left before the problem response was sent: {}", e.getMessage());
        }
    }

    /** Where this API answers what the client should read, under the base path a mounted server answers on. */
    private static String request(SeeAlso seeAlso, String basePath) {
        return switch (seeAlso.topic()) {
            case SCHEMAS -> "GET " + basePath + "/api/v1/schemas lists the schemas served";
            case COLUMNS -> "GET " + basePath + "/api/v1/schemas/" + seeAlso.schema() + " lists its columns";
            case RECORDS -> "list them with GET " + basePath + "/api/v1/records/" + seeAlso.schema() + " and filters";
        };
    }

    private static String describe(Throwable failure) {
        return failure instanceof IOException ? "client connection failed (" + failure.getMessage() + ")"
                : failure.toString();
    }
}
