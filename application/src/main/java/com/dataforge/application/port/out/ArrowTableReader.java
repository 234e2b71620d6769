package com.dataforge.application.port.out;

import com.dataforge.domain.failure.ServiceUnavailableException;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.TableRead;

/** Streams a table as Arrow record batches. */
public interface ArrowTableReader {

    /**
     * Starts the read. The caller owns the result and must close it.
     *
     * @throws ServiceUnavailableException if no database connection could be had in time
     */
    ArrowBatches open(TableRead read);
}
