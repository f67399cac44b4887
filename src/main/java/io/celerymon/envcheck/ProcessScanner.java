package io.celerymon.envcheck;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds Celery workers, beat and Flower processes under a /proc root and reads what matters about
 * them without Python: role and options, mapped gevent/greenlet modules, OS threads, listening
 * sockets with their accept queue and every thread's state and system call (both sampled twice,
 * {@code sampleInterval} apart, so a queue nobody drains and a hub held in one call show), and the
 * relevant environment, masked. Processes that vanish mid-scan or belong to
 * another user are skipped and counted, never fatal; the scan ends at its deadline.
 */
public final class ProcessScanner {
    private final ProcFiles proc;
    private final Duration sampleInterval;
    private final ThreadSampler threadSampler;
    private final HubJudge hubJudge;

    /** This host's /proc, sampled twice half a second apart. */
    public static ProcessScanner ofThisHost() {
        return new ProcessScanner(Path.of("/proc"), Duration.ofMillis(500));
    }

    /**
     * @param procRoot {@code /proc}, or a directory laid out like it (tests)
     * @param sampleInterval the time between the two samples of threads and accept queues
     */
    public ProcessScanner(Path procRoot, Duration sampleInterval) {
        this(procRoot, sampleInterval, Syscalls.ofThisMachine());
    }

    /** As above, naming system calls with {@code syscalls} (tests of another architecture's numbers). */
    ProcessScanner(Path procRoot, Duration sampleInterval, Syscalls syscalls) {
        this(procRoot, sampleInterval, new HubJudge(syscalls));
    }

    /** As above, judging hubs with {@code hubJudge} (tests of a judge that fails). */
    ProcessScanner(Path procRoot, Duration sampleInterval, HubJudge hubJudge) {
        this.proc = new ProcFiles(procRoot);
        this.sampleInterval = sampleInterval;
        this.threadSampler = new ThreadSampler(proc);
        this.hubJudge = hubJudge;
    }

    /** This host's name as Celery's {@code %h} sees it, or empty when it cannot be read. */
    public Optional<String> hostname() {
        try {
            String name = proc.hostname();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Every Celery worker (main process, not pool children), beat and Flower process. */
    public ProcessScan scanCelery(Deadline deadline) {
        List<Long> pids;
        try {
            pids = proc.pids();
        } catch (IOException unreadableRoot) {
            return new ProcessScan(List.of(), 0, false, 0);
        }
        Map<Long, Candidate> found = new LinkedHashMap<>();
        int unreadable = 0;
        boolean complete = true;
        for (long pid : pids) {
            if (deadline.expired()) {
                complete = false;
                break;
            }
            try {
                Optional<CeleryCommandLine> celery = CeleryCommandLine.parse(proc.commandLine(pid));
                if (celery.isPresent() && !celery.get().poolChild()) {
                    found.put(pid, new Candidate(pid, celery.get()));
                }
            } catch (IOException | RuntimeException goneOrUnreadable) {
                unreadable++;
            }
        }
        // A prefork child carries its parent's command line; only the parent is the worker.
        found.values().removeIf(c -> isChildOfFound(c.pid, found));
        return sample(new ArrayList<>(found.values()), unreadable, complete, deadline);
    }

    /**
     * The named processes, whatever they are.
     *
     * @throws NoSuchProcessException for the first PID without a readable process
     */
    /**
     * The whole environment of a process, unmasked: only to start a probe in its context, never
     * to be shown.
     */
    public Map<String, String> environmentOf(long pid) throws IOException {
        return proc.environment(pid);
    }

    /** Whether {@code pid} is still the process scanned with {@code context}, not a later one reusing its PID. */
    public boolean sameProcess(long pid, ProcessContext context) {
        try {
            return context.startTime() >= 0 && proc.startTime(pid) == context.startTime();
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    public ProcessScan scanPids(List<Long> pids, Deadline deadline) throws NoSuchProcessException {
        List<Candidate> candidates = new ArrayList<>();
        for (long pid : new TreeSet<>(pids)) {
            List<String> argv;
            try {
                argv = proc.commandLine(pid);
            } catch (IOException | RuntimeException gone) {
                throw new NoSuchProcessException(pid);
            }
            candidates.add(new Candidate(pid, CeleryCommandLine.parse(argv)
                    .orElse(new CeleryCommandLine(ProcessRole.OTHER, null, null, null, false, false))));
        }
        return sample(candidates, 0, true, deadline);
    }

    /** This process's namespaces by kind, read once a scan: what every scanned process is compared with. */
    private Map<String, String> ownNamespaces() {
        Map<String, String> own = new LinkedHashMap<>();
        for (String kind : ProcessContext.KINDS) {
            try {
                own.put(kind, proc.namespace("self", kind));
            } catch (IOException unreadable) {
                // Without our own link nothing can be called foreign.
            }
        }
        return own;
    }

    private boolean isChildOfFound(long pid, Map<Long, Candidate> found) {
        try {
            String parent = proc.status(pid).get("PPid");
            return parent != null && found.containsKey(Long.parseLong(parent));
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }

    private ProcessScan sample(List<Candidate> candidates, int unreadableBefore, boolean completeBefore,
            Deadline deadline) {
        int unreadable = unreadableBefore;
        boolean complete = completeBefore;
        List<Candidate> read = new ArrayList<>();
        // One parse of each network namespace's TCP table per pass: the accept queues differ between passes.
        NetTables firstTables = new NetTables(proc);
        Map<String, String> own = ownNamespaces();
        for (Candidate c : candidates) {
            if (deadline.expired()) {
                complete = false;
                break;
            }
            try {
                c.firstSample(proc, threadSampler, firstTables, own);
                read.add(c);
            } catch (IOException | RuntimeException goneOrUnreadable) {
                unreadable++;
            }
        }
        long started = System.nanoTime();
        long pause = Math.min(sampleInterval.toMillis(), Math.max(0, deadline.remainingMillis() / 2));
        if (pause > 0 && !read.isEmpty()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ScannedProcess> processes = new ArrayList<>();
        NetTables secondTables = new NetTables(proc);
        for (Candidate c : read) {
            if (!deadline.expired()) {
                c.secondSample(proc, threadSampler, hubJudge, secondTables, deadline);
            }
            processes.add(c.result(proc, hubJudge, secondTables, deadline));
        }
        long interval = read.isEmpty() ? 0 : (System.nanoTime() - started) / 1_000_000;
        return new ProcessScan(processes, unreadable, complete, interval);
    }

    /** A process being scanned: what the first sample read, plus the second sample's queues. */
    private static final class Candidate {
        private final long pid;
        private final CeleryCommandLine celery;
        private String interpreter;
        private final Set<GreenLibrary> green = EnumSet.noneOf(GreenLibrary.class);
        private final Set<String> greenModules = new TreeSet<>();
        private int threads;
        private final Map<Long, String> addresses = new LinkedHashMap<>();
        private final Map<Long, List<Integer>> queues = new LinkedHashMap<>();
        private Map<String, String> environment = Map.of();
        private ThreadSampler.Snapshot firstThreads;
        private ThreadSampler.Snapshot lastThreads;
        private HubState hub;
        private ProcessContext context;

        Candidate(long pid, CeleryCommandLine celery) {
            this.pid = pid;
            this.celery = celery;
        }

        void firstSample(ProcFiles proc, ThreadSampler sampler, NetTables tables, Map<String, String> own)
                throws IOException {
            Map<String, String> status = proc.status(pid);
            threads = threads(status);
            firstThreads = sampler.sample(pid);
            lastThreads = firstThreads;
            for (String file : proc.mappedFiles(pid)) {
                GreenLibrary library = GreenLibrary.ofMappedPath(file);
                if (library != null) {
                    green.add(library);
                    greenModules.add(file.substring(file.lastIndexOf('/') + 1));
                }
            }
            interpreter = proc.executable(pid);
            context = context(proc, status, own);
            try {
                environment = RelevantEnvironment.of(proc.environment(pid));
            } catch (IOException otherUser) {
                environment = Map.of();
            }
            try {
                Set<Long> sockets = proc.socketInodes(pid);
                tables.of(pid).listening().forEach((inode, row) -> {
                    if (sockets.contains(inode)) {
                        addresses.put(inode, row.address());
                        queues.computeIfAbsent(inode, k -> new ArrayList<>()).add(row.acceptQueue());
                    }
                });
            } catch (IOException otherUser) {
                // File descriptors of another user's process cannot be listed: no socket evidence.
            }
        }

        void secondSample(ProcFiles proc, ThreadSampler sampler, HubJudge judge, NetTables tables, Deadline deadline) {
            // Threads first, and judged at once: a blocked call's descriptors are read while it is still waited in.
            ThreadSampler.Snapshot second = sampler.sample(pid);
            lastThreads = second;
            hub = judged(judge, second, new DescriptorResolver(proc, pid, tables, deadline));
            try {
                threads = threads(proc);
                Map<Long, NetTcpTable.Row> rows = tables.of(pid).listening();
                queues.forEach((inode, samples) -> {
                    NetTcpTable.Row row = rows.get(inode);
                    if (row != null) {
                        samples.add(row.acceptQueue());
                    }
                });
            } catch (IOException | RuntimeException exited) {
                // The process went away between samples: the first sample stands.
            }
        }

        /** Its PIDs, user and namespaces; what cannot be read (another user's process) is left out. */
        private ProcessContext context(ProcFiles proc, Map<String, String> status, Map<String, String> own) {
            List<Long> pids = new ArrayList<>();
            for (String field : status.getOrDefault("NSpid", Long.toString(pid)).split("\\s+")) {
                if (!field.isEmpty()) {
                    pids.add(Long.parseLong(field));
                }
            }
            Map<String, String> namespaces = new LinkedHashMap<>();
            List<String> foreign = new ArrayList<>();
            for (String kind : ProcessContext.KINDS) {
                try {
                    String theirs = proc.namespace(Long.toString(pid), kind);
                    namespaces.put(kind, theirs);
                    if (own.containsKey(kind) && !theirs.equals(own.get(kind))) {
                        foreign.add(kind);
                    }
                } catch (IOException unreadable) {
                    // Another user's namespaces cannot be read without ptrace access: not known, not foreign.
                }
            }
            String cwd;
            try {
                cwd = proc.workingDirectory(pid);
            } catch (IOException unreadable) {
                cwd = null;
            }
            long startTime;
            try {
                startTime = proc.startTime(pid);
            } catch (IOException | RuntimeException unreadable) {
                startTime = -1;
            }
            return new ProcessContext(pids, effectiveId(status.get("Uid")), effectiveId(status.get("Gid")), cwd,
                    namespaces, foreign, startTime);
        }

        /** The second of "real effective saved fs". */
        private static int effectiveId(String ids) {
            if (ids == null) {
                return -1;
            }
            String[] fields = ids.trim().split("\\s+");
            try {
                return fields.length > 1 ? Integer.parseInt(fields[1]) : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private int threads(ProcFiles proc) throws IOException {
            return threads(proc.status(pid));
        }

        private static int threads(Map<String, String> status) {
            String value = status.get("Threads");
            return value == null ? 0 : Integer.parseInt(value);
        }

        private String hubLibrary() {
            return GreenLibrary.hubOf(green, celery.pool());
        }

        /** The verdict; a judge that fails on odd input costs this process its verdict, never the scan. */
        private HubState judged(HubJudge judge, ThreadSampler.Snapshot second, DescriptorResolver resolver) {
            String library = hubLibrary();
            try {
                return judge.judge(pid, library, HubJudge.eventLoopCalls(library, environment), firstThreads, second,
                        resolver);
            } catch (RuntimeException failed) {
                String reason = failed.getMessage() == null ? failed.getClass().getSimpleName() : failed.getMessage();
                return new HubState(HubState.Kind.UNREADABLE, library, pid, null, null, null, -1, List.of(), List.of(),
                        0, "the hub's samples could not be judged: " + reason);
            }
        }

        ScannedProcess result(ProcFiles proc, HubJudge judge, NetTables tables, Deadline deadline) {
            if (hub == null) {
                // No second sample (the deadline): the verdict rests on the first alone.
                hub = judged(judge, null, new DescriptorResolver(proc, pid, tables, deadline));
            }
            List<ThreadBrief> briefs = new ArrayList<>();
            lastThreads.threads().values().forEach(t -> briefs.add(new ThreadBrief(t.tid(), t.state(),
                    t.call() == null ? null : t.call().name(judge.syscalls()))));
            List<ListeningSocket> listening = new ArrayList<>();
            addresses.forEach((inode, address) -> listening.add(new ListeningSocket(address, inode, queues.get(inode))));
            listening.sort(java.util.Comparator.comparing(ListeningSocket::address));
            return new ScannedProcess(pid, celery.role(), celery.app(), celery.pool(), celery.nodeName(),
                    celery.events(), interpreter, green, List.copyOf(greenModules), threads, listening, environment, hub,
                    briefs, context);
        }
    }
}
