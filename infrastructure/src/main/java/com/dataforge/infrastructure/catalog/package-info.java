/** Schema files: parsing, validation at start-up, and the cached catalog built from them. */
package com.dataforge.infrastructure.catalog;
