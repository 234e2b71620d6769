package com.dataforge.application.port.out;

import com.dataforge.domain.failure.ServiceUnavailableException;

/** Whether the database answers now: what a load balancer's readiness probe asks of the service. */
public interface DatabaseReadiness {

    /**
     * @throws ServiceUnavailableException if the database does not answer, saying why and when to ask again; busy
     *                                     requests must not make it throw
     */
    void check();
}
