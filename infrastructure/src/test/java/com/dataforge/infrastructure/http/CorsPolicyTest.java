package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which origins may read, and the headers that tell a browser so; the exchanges themselves are {@code CorsTest}'s. */
class CorsPolicyTest {

    static final String APP = "https://app.example.com";

    @Test
    void withoutOriginsNothingIsAllowedAndNoHeaderIsDue() {
        assertFalse(CorsPolicy.NONE.enabled());
        assertFalse(CorsPolicy.of(List.of()).enabled());
        assertFalse(CorsPolicy.NONE.allows(APP));
        assertEquals("none", CorsPolicy.NONE.toString());
    }

    @Test
    void aListedOriginIsAllowedWhateverItsCaseAndAnotherIsNot() {
        CorsPolicy policy = CorsPolicy.of(List.of("HTTPS://App.Example.com", "http://localhost:5173"));

        assertTrue(policy.enabled());
        assertTrue(policy.allows(APP));
        assertTrue(policy.allows("http://localhost:5173"));
        assertFalse(policy.allows("http://localhost:5174"), "another port is another origin");
        assertFalse(policy.allows("http://app.example.com"), "another scheme is another origin");
        assertEquals(Set.of("https://app.example.com", "http://localhost:5173"), Set.of(policy.toString().split(",")),
                "the origins as listed, lower case, in no particular order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com", "https://app.example.com/", "https://app.example.com/path",
        "https://app.example.com?q=1", "ftp://app.example.com", "https://user@app.example.com", "not a uri"})
    void anEntryThatIsNotAnOriginIsRefusedNamingItAndTheForm(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorsPolicy.of(List.of(entry)));

        assertTrue(e.getMessage().startsWith("'" + entry + "' is not an origin"), e.getMessage());
        assertTrue(e.getMessage().contains("scheme://host[:port]"), e.getMessage());
    }

    @Test
    void aReadableResponseNamesTheOriginExposesTheApiHeadersAndVariesByOrigin() {
        Headers response = new Headers();

        CorsPolicy.of(List.of(APP)).allowReading(response, APP);

        assertEquals(APP, response.getFirst("Access-Control-Allow-Origin"));
        assertEquals(CorsPolicy.EXPOSED_HEADERS, response.getFirst("Access-Control-Expose-Headers"));
        assertEquals(List.of("Origin"), response.get("Vary"));
        assertNull(response.getFirst("Access-Control-Allow-Methods"), "only a preflight names methods");
    }

    @Test
    void anyOriginIsAnsweredWithAStarThatNeedsNoVary() {
        CorsPolicy policy = CorsPolicy.of(List.of("*"));
        Headers response = new Headers();

        policy.allowReading(response, "https://anywhere.example");

        assertTrue(policy.allows("https://anywhere.example"));
        assertEquals("*", response.getFirst("Access-Control-Allow-Origin"));
        assertNull(response.get("Vary"));
        assertEquals("*", policy.toString());
    }

    @Test
    void aPreflightNamesTheMethodsTheRequestHeadersAndHowLongToCacheTheAnswer() {
        Headers response = new Headers();

        CorsPolicy.of(List.of(APP)).allowRequest(response, APP, "GET, PUT");

        assertEquals(APP, response.getFirst("Access-Control-Allow-Origin"));
        assertEquals("GET, PUT", response.getFirst("Access-Control-Allow-Methods"));
        assertEquals(CorsPolicy.ALLOWED_HEADERS, response.getFirst("Access-Control-Allow-Headers"));
        assertEquals("600", response.getFirst("Access-Control-Max-Age"));
    }
}
