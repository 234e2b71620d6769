/** When a request may start: the lanes routes declare, and the admission that holds each lane to its bounds. */
package com.dataforge.infrastructure.admission;
