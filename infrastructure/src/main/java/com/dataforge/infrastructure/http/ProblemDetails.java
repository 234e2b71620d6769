package com.dataforge.infrastructure.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 9457 problem documents. {@code parameter} names the request parameter at fault, when there is one, so clients
 * can point at it without parsing {@code detail}. Built as a JSON tree rather than by reflection, so that no package
 * needs opening to Jackson.
 */
final class ProblemDetails {

    static final String MEDIA_TYPE = "application/problem+json";

    private ProblemDetails() {
    }

    static ObjectNode of(int status, String detail, String instance, String requestId, String parameter) {
        ObjectNode problem = JsonNodeFactory.instance.objectNode()
                .put("type", "about:blank")
                .put("title", title(status))
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance)
                .put("requestId", requestId);
        if (parameter != null) {
            problem.put("parameter", parameter);
        }
        return problem;
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
