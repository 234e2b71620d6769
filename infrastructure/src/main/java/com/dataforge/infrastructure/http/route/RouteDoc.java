package com.dataforge.infrastructure.http.route;

import java.util.List;
import java.util.Optional;

/**
 * What the OpenAPI document says of a route besides its policy: a summary, the parameters it takes (by name, as
 * the document's parameter dictionary knows them), its request body and its successful response.
 */
public record RouteDoc(String summary, List<String> parameters, Optional<Body> body, Response response) {

    public RouteDoc {
        parameters = List.copyOf(parameters);
    }

    /** @param mediaTypes the media types accepted */
    public record Body(List<String> mediaTypes, String description) {

        public Body {
            mediaTypes = List.copyOf(mediaTypes);
        }

        public Body(String mediaType, String description) {
            this(List.of(mediaType), description);
        }
    }

    /** @param mediaTypes what the response may be sent as; none for a response without a body */
    public record Response(int status, String description, List<String> mediaTypes) {

        public Response {
            mediaTypes = List.copyOf(mediaTypes);
        }
    }
}
