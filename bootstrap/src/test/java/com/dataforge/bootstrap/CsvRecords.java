package com.dataforge.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for the tests: CRLF between records (and after the last), fields separated by commas,
 * quoted fields with doubled quotes inside. An unquoted empty field reads as null, a quoted one as "", which is how
 * the server tells NULL from the empty string. Anything else (a bare quote inside a field, a lone CR or LF outside
 * quotes, a missing final CRLF) is an error, so a sloppy writer cannot pass.
 */
final class CsvRecords {

    private CsvRecords() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        int i = 0;
        int length = text.length();
        while (i < length) {
            String field;
            if (text.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (true) {
                    if (i >= length) {
                        throw new IllegalArgumentException("unterminated quoted field at the end");
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < length && text.charAt(i) == '"') {
                            quoted.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        quoted.append(c);
                    }
                }
                field = quoted.toString();
            } else {
                int start = i;
                while (i < length && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    char c = text.charAt(i);
                    if (c == '"' || c == '\n') {
                        throw new IllegalArgumentException("unquoted field holds " + (int) c + " at " + i);
                    }
                    i++;
                }
                field = i == start ? null : text.substring(start, i);
            }
            record.add(field);
            if (i >= length) {
                throw new IllegalArgumentException("the last record does not end with CRLF");
            }
            if (text.charAt(i) == ',') {
                i++;
            } else if (text.startsWith("\r\n", i)) {
                i += 2;
                records.add(record);
                record = new ArrayList<>();
            } else {
                throw new IllegalArgumentException("expected a comma or CRLF after a field at " + i);
            }
        }
        return records;
    }
}
