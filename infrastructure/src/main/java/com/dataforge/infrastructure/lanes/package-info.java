/**
 * When a request may start and where its queries run: the lanes routes declare, the admission that holds each lane to
 * its bounds, and each lane's own DuckDB connections.
 */
package com.dataforge.infrastructure.lanes;
