package io.celerymon.broker.amqp;

import com.rabbitmq.client.LongString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns AMQP field-table values into plain Java values (strings instead of {@link LongString}). */
final class AmqpValues {

    private AmqpValues() {
    }

    /** A header table as plain values; entries whose value is void (null) are left out. */
    static Map<String, Object> headers(Map<String, Object> table) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (table != null) {
            table.forEach((key, value) -> {
                if (value != null) {
                    out.put(key, plain(value));
                }
            });
        }
        return out;
    }

    static Object plain(Object value) {
        if (value instanceof LongString text) {
            return text.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, item) -> out.put(String.valueOf(key), plain(item)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(plain(item)));
            return out;
        }
        return value;
    }
}
