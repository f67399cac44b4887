package io.celerymon.testsupport;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The keys of one Redis db, and the members of each kombu binding set ({@code *_kombu.binding.*}),
 * at one moment: compare two snapshots to see what a run left behind.
 */
public record RedisSnapshot(Set<String> keys, Map<String, Set<String>> bindings) {

    /** Keys present here but not in {@code before}. */
    public Set<String> keysAddedSince(RedisSnapshot before) {
        return keys.stream().filter(k -> !before.keys.contains(k)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code "<set key> <member>"} for every binding member present here but not in {@code before}. */
    public Set<String> bindingsAddedSince(RedisSnapshot before) {
        Set<String> added = new TreeSet<>();
        bindings.forEach((set, members) -> members.stream()
                .filter(m -> !before.bindings.getOrDefault(set, Set.of()).contains(m))
                .forEach(m -> added.add(set + " " + m)));
        return added;
    }

    /** Every binding member of every set, whatever the exchange. */
    public Set<String> allBindingMembers() {
        return bindings.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    }
}
