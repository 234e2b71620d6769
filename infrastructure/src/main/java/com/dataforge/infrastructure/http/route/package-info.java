/**
 * The routes of the HTTP API as data: each method and path template declared once with its policy (admission lane,
 * permission, rate limit, audit) and its documentation, read by the router and by the OpenAPI document alike.
 */
package com.dataforge.infrastructure.http.route;
