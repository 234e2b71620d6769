package com.dataforge.infrastructure.arrow;

import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One column of a received record batch: where its buffers are in the batch's list of buffers, and what its field
 * node declares.
 *
 * @param type the column's Arrow type (a registered extension type's storage type)
 * @param rows the values the column's field node declares (checked equal to the batch's rows)
 * @param nulls how many of them the field node says are null
 * @param firstBuffer the index of the column's first buffer in the batch
 * @param buffers how many buffers the column has
 */
record BatchColumn(String name, ArrowType type, ColumnLayout layout, int rows, int nulls, int firstBuffer,
        int buffers) {

    /** The column in a batch, as a client would look for it: "column 'label' in batch 2 (counting from 0)". */
    String in(String part) {
        return "column '" + name + "' in " + part;
    }

    /** What the column's {@code index}-th buffer holds: "validity bitmap", "offsets", "data buffer 1". */
    String buffer(int index) {
        return layout.bufferRole(index);
    }
}
