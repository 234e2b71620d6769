/** Arrow IPC streams: the streaming writer and its buffer compression codecs (ZSTD, LZ4 frame). */
package com.dataforge.infrastructure.arrow;
