package io.celerymon.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Locates the directory holding {@code cmtasks.py}, which goes on the workers' PYTHONPATH. */
public final class CeleryAppDir {
    private static final String RESOURCE = "/celery_app/cmtasks.py";

    private CeleryAppDir() {
    }

    /** A filesystem directory containing cmtasks.py (copied out if the resource is in a jar). */
    public static Path path() {
        URL url = CeleryAppDir.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("test resource " + RESOURCE + " is not on the classpath");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI()).getParent();
            }
            Path dir = Files.createTempDirectory("cmtasks-");
            try (InputStream in = url.openStream()) {
                Files.copy(in, dir.resolve("cmtasks.py"), StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
