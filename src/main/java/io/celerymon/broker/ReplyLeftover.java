package io.celerymon.broker;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one control call's reply queue left on Redis (kombu#294): its binding member in
 * {@code _kombu.binding.reply.<ctl>.pidbox} and/or its reply lists.
 *
 * @param oid the reply queue's routing key
 * @param bindingMember the binding member as stored, or null when only lists are left
 * @param listKeys the existing list keys of the reply queue (prefix and priority suffix included);
 *     Redis deletes an empty list, so each holds at least one unread reply
 * @param idleSeconds the smallest OBJECT IDLETIME of those lists (seconds since anyone read or
 *     wrote them); empty when there are no lists or the server does not say (LFU eviction policy)
 */
public record ReplyLeftover(String oid, String bindingMember, List<String> listKeys,
                            OptionalLong idleSeconds) {

    public ReplyLeftover {
        listKeys = List.copyOf(listKeys);
    }
}
