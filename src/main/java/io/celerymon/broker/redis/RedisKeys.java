package io.celerymon.broker.redis;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Key, channel and binding-member names kombu's Redis transport uses for the control
 * exchanges (protocol.md 3.1-3.8), for one db, {@code global_keyprefix} and control exchange.
 */
record RedisKeys(int db, String keyPrefix, String controlExchange) {

    /** kombu's default {@code sep}: binding members are "rk SEP pattern SEP queue". */
    static final String SEP = "\u0006\u0016";

    private static final int[] PRIORITY_STEPS = {0, 3, 6, 9};

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    String pidboxExchange() {
        return controlExchange + ".pidbox";
    }

    String replyExchange() {
        return "reply." + controlExchange + ".pidbox";
    }

    /** The fanout channel requests are PUBLISHed on; routing key "" adds no suffix. */
    String pidboxChannel() {
        return keyPrefix + "/" + db + "." + pidboxExchange();
    }

    /**
     * Every channel a request is PUBLISHed on. Through Sentinel, kombu before 5.4 never fills the
     * db into its fanout prefix and listens on the literal {@code /{db}.} channel (kombu #1986);
     * later kombu listens on {@code /<db>.}. A worker listens on one of them, or on both with
     * kombu's {@code sentinel_fanout_compat}, which drops the copy with the same delivery tag.
     */
    List<String> pidboxChannels(boolean sentinel) {
        return sentinel ? List.of(pidboxChannel(), keyPrefix + "/{db}." + pidboxExchange()) : List.of(pidboxChannel());
    }

    /**
     * The patterns an event receiver PSUBSCRIBEs to: {@code celeryev/*} (kombu's {@code #} binding
     * with {@code fanout_patterns}) and the bare {@code celeryev} channel that workers with
     * {@code fanout_patterns=False} publish on; through Sentinel also the literal {@code /{db}.}
     * variants kombu before 5.4 uses. The two shapes never match the same channel, so no message
     * arrives twice.
     */
    List<String> eventPatterns(boolean sentinel) {
        String exchange = "celeryev";
        String numbered = globLiteral(keyPrefix + "/" + db + "." + exchange);
        List<String> patterns = new java.util.ArrayList<>(List.of(numbered + "/*", numbered));
        if (sentinel) {
            String literal = globLiteral(keyPrefix + "/{db}." + exchange);
            patterns.addAll(List.of(literal + "/*", literal));
        }
        return List.copyOf(patterns);
    }

    /** Escapes Redis glob metacharacters, so a key prefix such as {@code app[1]:} matches itself only. */
    static String globLiteral(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    String bindingSet(String exchange) {
        return keyPrefix + "_kombu.binding." + exchange;
    }

    String replyQueue(String oid) {
        return oid + ".reply." + controlExchange + ".pidbox";
    }

    /** The binding member of a direct-exchange queue; members are never prefixed. */
    String replyBindingMember(String oid) {
        return oid + SEP + SEP + replyQueue(oid);
    }

    /** The list keys of a queue, one per priority step, in the order kombu's BRPOP reads them. */
    List<String> listKeys(String queue) {
        String base = keyPrefix + queue;
        return java.util.Arrays.stream(PRIORITY_STEPS)
                .mapToObj(step -> step == 0 ? base : base + SEP + step)
                .toList();
    }

    /** The SCAN pattern matching every reply list key of this control exchange, priority lists included. */
    String replyListPattern() {
        return globLiteral(keyPrefix) + "*." + globLiteral(replyExchange()) + "*";
    }

    /**
     * The oid of a reply list key (prefix and priority suffix allowed), or null for another key.
     * kombu's oids are UUIDs; requiring one keeps a key of another prefix's namespace (which the
     * SCAN pattern of an empty prefix also matches, e.g. {@code app2:<oid>.reply.celery.pidbox})
     * from being taken for ours.
     */
    String oidOfReplyList(String key) {
        // The binding set "_kombu.binding.reply.<ctl>.pidbox" matches the pattern too.
        if (!key.startsWith(keyPrefix) || key.equals(bindingSet(replyExchange()))) {
            return null;
        }
        String queue = key.substring(keyPrefix.length());
        int sep = queue.indexOf(SEP);
        if (sep >= 0) {
            queue = queue.substring(0, sep);
        }
        String suffix = "." + replyExchange();
        if (!queue.endsWith(suffix) || queue.length() == suffix.length()) {
            return null;
        }
        String oid = queue.substring(0, queue.length() - suffix.length());
        return UUID_SHAPE.matcher(oid).matches() ? oid : null;
    }

    /** The oid (routing key) of a reply binding member "oid SEP SEP oid.reply...", or null. */
    String oidOfReplyMember(String member) {
        int cut = member.indexOf(SEP);
        if (cut <= 0) {
            return null;
        }
        String queue = member.substring(member.lastIndexOf(SEP) + SEP.length());
        String oid = member.substring(0, cut);
        return queue.equals(replyQueue(oid)) ? oid : null;
    }

    /** The worker node name a pidbox binding member stands for, or null for a foreign member. */
    String nodeOfPidboxMember(String member) {
        int cut = member.lastIndexOf(SEP);
        String queue = cut < 0 ? member : member.substring(cut + SEP.length());
        String suffix = "." + pidboxExchange();
        if (!queue.endsWith(suffix) || queue.length() == suffix.length()) {
            return null;
        }
        return queue.substring(0, queue.length() - suffix.length());
    }
}
