package com.dataforge.application.readiness;

import com.dataforge.application.port.out.DatabaseReadiness;
import com.dataforge.domain.failure.ServiceUnavailableException;

/** Whether the service can serve requests now: it can while its database answers. */
public final class CheckReadiness {

    private final DatabaseReadiness database;

    public CheckReadiness(DatabaseReadiness database) {
        this.database = database;
    }

    /** @throws ServiceUnavailableException if the database does not answer */
    public void check() {
        database.check();
    }
}
