package io.celerymon.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One JSON object in celerymon's cache directory, read whole and replaced whole (temp file and
 * rename). The cache is only a hint: a missing, corrupt or unwritable file is as good as an empty one.
 */
final class CacheFile {

    private final Path file;
    private final ObjectMapper mapper;

    CacheFile(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    ObjectNode read() {
        try {
            if (Files.isRegularFile(file)) {
                JsonNode tree = mapper.readTree(file.toFile());
                if (tree != null && tree.isObject()) {
                    return (ObjectNode) tree;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // A corrupt cache is as good as none.
        }
        return mapper.createObjectNode();
    }

    void write(ObjectNode all) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.write(file, mapper.writeValueAsBytes(all), AtomicFile.PRIVATE);
        } catch (IOException | RuntimeException ignored) {
            // A read-only home or a full disk must not fail a diagnostic command.
        }
    }
}
