package dev.jnc.lab.report;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs recorded with {@code lab run X --format json} on this machine, kept as fixtures. */
final class RecordedRuns {

  private RecordedRuns() {}

  static List<RecordedRun> load(String name) throws Exception {
    try (InputStream in = RecordedRuns.class.getResourceAsStream("/report/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return JsonLinesReader.read(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
  }

  /** The run of {@code scenario} in fixture {@code name}. */
  static RecordedRun load(String name, String scenario) throws Exception {
    return load(name).stream()
        .filter(r -> r.scenario().equals(scenario))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + scenario + " run in " + name));
  }
}
