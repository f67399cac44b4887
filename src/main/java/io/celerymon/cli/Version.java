package io.celerymon.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, for {@code --version}. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"celerymon " + (v == null ? "development build" : v)};
    }
}
