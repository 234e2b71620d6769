/** The HTTP API on com.sun.net.httpserver: routing, problem responses, request logging, handlers. */
package com.dataforge.infrastructure.http;
