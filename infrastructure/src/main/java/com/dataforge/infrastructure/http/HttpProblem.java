package com.dataforge.infrastructure.http;

/** A failure at the HTTP level itself (405, 406, 413, 415, ...) rather than in the domain. */
final class HttpProblem extends RuntimeException {

    private final int status;
    private final String allow;

    private HttpProblem(int status, String detail, String allow) {
        super(detail);
        this.status = status;
        this.allow = allow;
    }

    public static HttpProblem of(int status, String detail) {
        return new HttpProblem(status, detail, null);
    }

    static HttpProblem methodNotAllowed(String method, String path, String allow) {
        return new HttpProblem(405, method + " is not allowed on " + path + "; allowed: " + allow, allow);
    }

    public int status() {
        return status;
    }

    /** The Allow header of a 405, or null. */
    String allow() {
        return allow;
    }
}
