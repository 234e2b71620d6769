/** Schema declarations (files, text, built in code): parsing, validation at start-up, and the cached catalog. */
package com.dataforge.infrastructure.catalog;
