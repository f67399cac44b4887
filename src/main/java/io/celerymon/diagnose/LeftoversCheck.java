package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;
import io.celerymon.broker.ReplyLeftover;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reply queues of control calls left on Redis by clients that died mid-call (kombu#294): every
 * leftover binding member makes every worker's reply walk a longer set.
 *
 * <p>"Provably orphaned" is defined conservatively: a reply queue whose lists exist (Redis keeps no
 * empty list, so they hold unread replies) and have not been read or written for
 * {@link #ORPHAN_IDLE_SECONDS} (OBJECT IDLETIME, which celerymon reads without touching them). A
 * live waiter BRPOPs its lists and would have taken those replies at once, so nobody waits on it. A binding member
 * without lists is counted but never removed: nothing on the broker proves that no client is
 * still waiting for its first reply.
 */
final class LeftoversCheck implements Check {

    static final long ORPHAN_IDLE_SECONDS = 60;

    @Override
    public String name() {
        return "leftovers";
    }

    @Override
    public CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception {
        // After the round, so celerymon's own reply queue is gone and not counted.
        context.inspect(deadline);
        Optional<List<ReplyLeftover>> found = context.broker().replyLeftovers(deadline);
        if (found.isEmpty()) {
            return CheckResult.of(List.of(new Finding("reply_leftovers_none", Severity.OK, "broker",
                    "Reply queues on this broker expire by themselves (AMQP auto-delete, x-expires).",
                    Evidence.of("applies", false).map(), "")));
        }
        List<ReplyLeftover> orphaned = found.get().stream().filter(LeftoversCheck::provablyOrphaned).toList();
        List<ReplyLeftover> unproven = found.get().stream().filter(l -> !provablyOrphaned(l)).toList();
        List<Finding> findings = new ArrayList<>();
        if (!orphaned.isEmpty()) {
            long lists = orphaned.stream().mapToLong(l -> l.listKeys().size()).sum();
            Evidence evidence = Evidence.of("orphaned", orphaned.size()).and("reply_lists", lists)
                    .and("binding_members", orphaned.stream().filter(l -> l.bindingMember() != null).count())
                    .and("idle_at_least_seconds", ORPHAN_IDLE_SECONDS)
                    .and("oids", orphaned.stream().limit(20).map(ReplyLeftover::oid).toList());
            if (context.settings().cleanup()) {
                int removed = context.broker().removeReplyLeftovers(orphaned, deadline);
                findings.add(new Finding("reply_leftovers_removed", Severity.INFO, "broker",
                        "Removed " + removed + " orphaned reply queue(s): " + lists
                                + " reply list(s) with unread replies and their bindings.", evidence.and("removed", removed).map(), ""));
            } else {
                findings.add(new Finding("reply_leftovers_orphaned", Severity.WARN, "broker",
                        orphaned.size() + " reply queue(s) of control calls were left behind with unread replies"
                                + " that nobody has read for at least " + ORPHAN_IDLE_SECONDS + " s.",
                        evidence.map(),
                        "Run celerymon diagnose --cleanup --yes to remove exactly these; they slow every worker's replies (kombu#294)."));
            }
        }
        if (!unproven.isEmpty()) {
            findings.add(new Finding("reply_bindings_unconfirmed", Severity.INFO, "broker",
                    unproven.size() + " reply binding(s) or recent reply list(s) exist whose owner may still be waiting.",
                    Evidence.of("count", unproven.size())
                            .and("oids", unproven.stream().limit(20).map(ReplyLeftover::oid).toList()).map(),
                    "If the same ones are still listed minutes later, a client died mid-call; they are safe to remove then."));
        }
        if (findings.isEmpty()) {
            findings.add(new Finding("reply_leftovers_none", Severity.OK, "broker",
                    "No reply queues of control calls are left on the broker.", Evidence.of("count", 0).map(), ""));
        }
        return CheckResult.of(findings);
    }

    static boolean provablyOrphaned(ReplyLeftover leftover) {
        return !leftover.listKeys().isEmpty() && leftover.idleSeconds().isPresent()
                && leftover.idleSeconds().getAsLong() >= ORPHAN_IDLE_SECONDS;
    }
}
