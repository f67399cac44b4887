package io.celerymon.it;

import io.celerymon.testsupport.RedisDb;

/** diagnose on Redis, in a db of its own: a run judges every worker registered in the db. */
class RedisDiagnoseIT extends DiagnoseContract {

    private static final int DB = 14;

    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb(DB);
    }

    @Override
    void removeQueue(String queue) {
        removeQueue(DB, queue);
    }

    /** Deletes a task queue (its priority lists and binding) from a db of the shared Redis. */
    static void removeQueue(int dbNumber, String queue) {
        try (RedisDb db = RedisDb.shared(dbNumber)) {
            String sep = "\u0006\u0016";
            db.commands().del(queue, queue + sep + "3", queue + sep + "6", queue + sep + "9", "_kombu.binding." + queue);
        }
    }
}
