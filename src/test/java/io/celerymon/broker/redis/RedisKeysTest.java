package io.celerymon.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Task-queue priority lists and reply-queue leftovers, named as kombu names them. */
class RedisKeysTest {

    private final RedisKeys keys = new RedisKeys(1, "pfx:", "celery");

    @Test
    void aQueueHasOneListPerPriorityStep() {
        assertThat(keys.listKeys("q1")).containsExactly("pfx:q1", "pfx:q1\u0006\u00163", "pfx:q1\u0006\u00166",
                "pfx:q1\u0006\u00169");
    }

    @Test
    void replyListsAndMembersGiveTheirOid() {
        assertThat(keys.oidOfReplyList("pfx:abc.reply.celery.pidbox")).isEqualTo("abc");
        assertThat(keys.oidOfReplyList("pfx:abc.reply.celery.pidbox\u0006\u00163")).isEqualTo("abc");
        assertThat(keys.oidOfReplyMember("abc\u0006\u0016\u0006\u0016abc.reply.celery.pidbox")).isEqualTo("abc");
    }

    @Test
    void theBindingSetAndForeignKeysAreNoReplyLists() {
        assertThat(keys.oidOfReplyList("pfx:_kombu.binding.reply.celery.pidbox")).isNull();
        assertThat(keys.oidOfReplyList("other:abc.reply.celery.pidbox")).isNull();
        assertThat(keys.oidOfReplyList("pfx:worker.celery.pidbox")).isNull();
        assertThat(keys.oidOfReplyMember("abc\u0006\u0016\u0006\u0016other.reply.celery.pidbox")).isNull();
        assertThat(keys.replyListPattern()).isEqualTo("pfx:*.reply.celery.pidbox*");
    }
}
