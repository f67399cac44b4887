package io.celerymon.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads the worker name from a reply that will not be decoded. A reply body is always a one-key
 * mapping {@code {"<hostname>": ...}}, and in pickle, msgpack and YAML that key is the first
 * string of the payload, so it can be read without running a deserializer.
 */
final class ReplyKeySniffer {

    private static final int MAX_NAME = 255;

    private ReplyKeySniffer() {
    }

    /** The first key, or null if it cannot be read safely. */
    static String firstKey(String contentType, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String name = switch (contentType) {
            case "application/x-python-serialize" -> fromPickle(body);
            case "application/x-msgpack" -> fromMsgpack(body);
            case "application/x-yaml", "application/json" -> fromText(body);
            default -> null;
        };
        return name == null || name.isEmpty() || name.length() > MAX_NAME ? null : name;
    }

    // Walks the opcodes a pickled one-key dict starts with (PROTO, FRAME, EMPTY_DICT, MARK,
    // memo puts) up to the first string: SHORT_BINUNICODE 0x8c (1-byte length) or BINUNICODE 'X'
    // (4-byte little-endian length). Anything else means "cannot tell", never a guess.
    private static String fromPickle(byte[] b) {
        int i = 0;
        while (i < b.length && i < 64) {
            int op = b[i] & 0xff;
            switch (op) {
                case 0x80 -> i += 2;             // PROTO n
                case 0x95 -> i += 9;             // FRAME 8-byte length
                case '}', '(', 0x94 -> i += 1;   // EMPTY_DICT, MARK, MEMOIZE
                case 'q' -> i += 2;              // BINPUT 1-byte index
                case 'r' -> i += 5;              // LONG_BINPUT 4-byte index
                case 0x8c -> {
                    return i + 1 < b.length ? slice(b, i + 2, b[i + 1] & 0xff) : null;
                }
                case 'X' -> {
                    if (i + 4 >= b.length) {
                        return null;
                    }
                    int len = (b[i + 1] & 0xff) | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff) << 16
                            | (b[i + 4] & 0xff) << 24;
                    return slice(b, i + 5, len);
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private static String fromMsgpack(byte[] b) {
        int i = 0;
        int first = b[i] & 0xff;
        if ((first & 0xf0) == 0x80) {
            i = 1;
        } else if (first == 0xde && b.length > 3) {
            i = 3;
        } else {
            return null;
        }
        if (i >= b.length) {
            return null;
        }
        int tag = b[i] & 0xff;
        if ((tag & 0xe0) == 0xa0) {
            return slice(b, i + 1, tag & 0x1f);
        }
        if (tag == 0xd9 && i + 1 < b.length) {
            return slice(b, i + 2, b[i + 1] & 0xff);
        }
        return null;
    }

    private static String fromText(byte[] b) {
        String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8).strip();
        if (head.startsWith("{")) {
            head = head.substring(1).strip();
        }
        int colon = head.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String key = head.substring(0, colon).strip();
        if (key.length() >= 2 && (key.charAt(0) == '"' || key.charAt(0) == '\'')) {
            key = key.substring(1, key.length() - 1);
        }
        return key;
    }

    private static String slice(byte[] b, int from, int len) {
        if (len <= 0 || len > MAX_NAME || from + len > b.length) {
            return null;
        }
        return new String(b, from, len, StandardCharsets.UTF_8);
    }
}
