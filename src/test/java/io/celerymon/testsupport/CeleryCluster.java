package io.celerymon.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A set of real Celery workers on one broker, started together and answering ping before
 * {@link #start} returns; closing it stops every worker by PID.
 */
public final class CeleryCluster implements AutoCloseable {
    private static final int CONCURRENCY = 2;
    private static final Duration PING_WAIT = Duration.ofSeconds(1);

    private final CeleryAppConfig app;
    private final List<CeleryWorker> workers;
    private final CeleryCli cli;

    private CeleryCluster(CeleryAppConfig app, List<CeleryWorker> workers) {
        this.app = app;
        this.workers = workers;
        this.cli = new CeleryCli(app);
    }

    /** One worker per pool given (a pool may repeat), each with concurrency 2. */
    public static CeleryCluster start(CeleryAppConfig app, CeleryPool... pools) {
        List<CeleryWorker> started = new ArrayList<>();
        CeleryCluster cluster = new CeleryCluster(app, started);
        try {
            for (CeleryPool pool : pools) {
                started.add(CeleryWorker.launch(app, pool, CONCURRENCY));
            }
            for (CeleryWorker worker : started) {
                worker.awaitReady(CeleryWorker.READY_TIMEOUT);
            }
            cluster.awaitPingable(CeleryWorker.READY_TIMEOUT);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** One worker per pool on {@code brokerUrl} with Celery's default settings. */
    public static CeleryCluster start(String brokerUrl, CeleryPool... pools) {
        return start(CeleryAppConfig.of(brokerUrl), pools);
    }

    /**
     * Waits until every live worker answers Celery's own ping. "ready." is logged a moment before
     * the pidbox subscription exists, and a broadcast sent in that moment is lost on Redis.
     */
    public void awaitPingable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> expected = workers.stream().filter(CeleryWorker::isAlive).map(CeleryWorker::hostname)
                .collect(Collectors.toCollection(TreeSet::new));
        CeleryCliResult last = null;
        while (System.nanoTime() - deadline < 0) {
            last = cli.inspect("ping", expected, PING_WAIT);
            if (last.nodes().containsAll(expected)) {
                return;
            }
        }
        throw new IllegalStateException("workers " + expected + " did not all answer ping within " + timeout
                + "; last replies: " + (last == null ? "none" : last.nodes()));
    }

    public List<CeleryWorker> workers() {
        return Collections.unmodifiableList(workers);
    }

    /** The first worker with this pool. */
    public CeleryWorker worker(CeleryPool pool) {
        return workers.stream().filter(w -> w.pool() == pool).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + pool + " worker in " + workers));
    }

    public Set<String> hostnames() {
        return workers.stream().map(CeleryWorker::hostname).collect(Collectors.toCollection(TreeSet::new));
    }

    public CeleryAppConfig app() {
        return app;
    }

    /** Celery's CLI configured like these workers. */
    public CeleryCli cli() {
        return cli;
    }

    /** Sends a task to exactly {@code worker} (through its own queue); returns the task id. */
    public String sendTask(CeleryWorker worker, String taskName, Object... args) {
        return cli.sendTask(worker.queue(), taskName, args);
    }

    /** SIGKILL to {@code worker} and its children; it stays in the list (dead) for the test to inspect. */
    public void kill9(CeleryWorker worker) {
        worker.kill9();
    }

    /** PIDs of every worker process and pool child still alive. */
    public List<Long> livePids() {
        return workers.stream().flatMap(w -> w.livePids().stream()).collect(Collectors.toList());
    }

    /** Stops every worker: SIGTERM to all at once, so their warm shutdowns overlap, then SIGKILL. */
    @Override
    public void close() {
        List<Thread> stoppers = new ArrayList<>();
        for (CeleryWorker worker : workers) {
            Thread stopper = new Thread(worker::close, "stop " + worker.hostname());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.forEach(CeleryWorker::kill9);
                return;
            }
        }
    }
}
