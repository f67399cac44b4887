package io.celerymon.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Task-queue priority lists and reply-queue leftovers, named as kombu names them. */
class RedisKeysTest {

    private static final String OID = "0f8e3c1a-5b2d-3c4e-9f60-7a8b9c0d1e2f";

    private final RedisKeys keys = new RedisKeys(1, "pfx:", "celery");

    @Test
    void aQueueHasOneListPerPriorityStep() {
        assertThat(keys.listKeys("q1")).containsExactly("pfx:q1", "pfx:q1\u0006\u00163", "pfx:q1\u0006\u00166",
                "pfx:q1\u0006\u00169");
    }

    @Test
    void replyListsAndMembersGiveTheirOid() {
        assertThat(keys.oidOfReplyList("pfx:" + OID + ".reply.celery.pidbox")).isEqualTo(OID);
        assertThat(keys.oidOfReplyList("pfx:" + OID + ".reply.celery.pidbox\u0006\u00163")).isEqualTo(OID);
        assertThat(keys.oidOfReplyMember("abc\u0006\u0016\u0006\u0016abc.reply.celery.pidbox")).isEqualTo("abc");
    }

    @Test
    void theBindingSetAndForeignKeysAreNoReplyLists() {
        assertThat(keys.oidOfReplyList("pfx:_kombu.binding.reply.celery.pidbox")).isNull();
        assertThat(keys.oidOfReplyList("other:" + OID + ".reply.celery.pidbox")).isNull();
        // Without a prefix, the SCAN pattern also matches other prefixes' keys: they are not ours.
        RedisKeys unprefixed = new RedisKeys(1, "", "celery");
        assertThat(unprefixed.oidOfReplyList(OID + ".reply.celery.pidbox")).isEqualTo(OID);
        assertThat(unprefixed.oidOfReplyList("app2:" + OID + ".reply.celery.pidbox")).isNull();
        assertThat(keys.oidOfReplyList("pfx:worker.celery.pidbox")).isNull();
        assertThat(keys.oidOfReplyMember("abc\u0006\u0016\u0006\u0016other.reply.celery.pidbox")).isNull();
        assertThat(keys.replyListPattern()).isEqualTo("pfx:*.reply.celery.pidbox*");
    }
}
