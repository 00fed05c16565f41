package dev.jnc.lab.report;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.jnc.lab.observe.SocketRow;
import dev.jnc.lab.observe.TcpState;
import dev.jnc.lab.record.SocketKey;
import dev.jnc.lab.record.Transition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@link JsonLinesWriter} wrote back into runs. Lines of unknown type are skipped, so
 * that newer writers stay readable; a line that is not JSON, or an event before its {@code run}, is
 * an error naming the line.
 */
public final class JsonLinesReader {

  private JsonLinesReader() {}

  /** Thrown for input that is not what {@code lab run --format json} writes. */
  public static final class BadInputException extends Exception {
    BadInputException(String message) {
      super(message);
    }
  }

  public static List<RecordedRun> read(Reader input) throws IOException, BadInputException {
    Map<String, Builder> runs = new LinkedHashMap<>();
    BufferedReader lines = new BufferedReader(input);
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      Map<String, Object> e;
      try {
        e = JSON.std.mapFrom(line);
      } catch (IOException ex) {
        throw new BadInputException("line " + number + " is not JSON: " + firstLine(ex));
      }
      try {
        String type = text(e, "type");
        String scenario = text(e, "scenario");
        long nanos = Math.round(number(e, "t_ms") * 1e6);
        if (type.equals("run")) {
          runs.put(scenario, new Builder(e, nanos));
          continue;
        }
        if (type.equals("checklist")) {
          // all-states' verdict over the runs before it: a diagram is drawn from the runs.
          continue;
        }
        Builder run = runs.get(scenario);
        if (run == null) {
          throw new BadInputException(
              "line " + number + ": " + type + " event before the run of " + scenario);
        }
        run.add(type, e, nanos);
      } catch (IllegalArgumentException | ClassCastException | NullPointerException ex) {
        throw new BadInputException("line " + number + ": " + ex.getMessage());
      }
    }
    if (runs.isEmpty()) {
      throw new BadInputException("no run in the input");
    }
    return runs.values().stream().map(Builder::build).toList();
  }

  private static final class Builder {
    private final String scenario;
    private final String summary;
    private final List<TcpState> demonstrates;
    private final int port;
    private final long start;
    private final List<RecordedRun.StepRecord> steps = new ArrayList<>();
    private final List<RecordedRun.SnapshotRecord> snapshots = new ArrayList<>();
    private final List<Transition> transitions = new ArrayList<>();
    private final Map<String, SocketKey> endpoints = new LinkedHashMap<>();
    private String failure;
    private final String observer;

    Builder(Map<String, Object> run, long nanos) {
      scenario = text(run, "scenario");
      summary = String.valueOf(run.getOrDefault("summary", ""));
      observer = String.valueOf(run.getOrDefault("observer", ""));
      demonstrates = states(run.get("demonstrates"));
      port = (int) number(run, "port");
      start = nanos;
    }

    void add(String type, Map<String, Object> e, long nanos) {
      switch (type) {
        case "step" ->
            steps.add(
                new RecordedRun.StepRecord(
                    nanos, (int) number(e, "number"), text(e, "description")));
        case "snapshot" -> {
          List<SocketRow> rows = new ArrayList<>();
          for (Object o : (List<?>) e.get("rows")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) o;
            rows.add(
                new SocketRow(
                    address(text(row, "local")),
                    address(text(row, "remote")),
                    state(text(row, "state")),
                    0));
          }
          snapshots.add(
              new RecordedRun.SnapshotRecord(
                  nanos, text(e, "caption"), rows, (int) number(e, "hidden")));
        }
        case "endpoint" -> endpoints.put(text(e, "name"), key(e));
        case "transition" ->
            transitions.add(
                new Transition(
                    nanos,
                    key(e),
                    state(e.get("from")),
                    state(e.get("to")),
                    Math.round(number(e, "ms_in_from") * 1e6),
                    // Absent before 2026-12-07: taken as sampled.
                    Boolean.TRUE.equals(e.get("traced"))));
        case "result" -> failure = (String) e.get("failure");
        default -> {}
      }
    }

    RecordedRun build() {
      return new RecordedRun(
          scenario,
          summary,
          demonstrates,
          port,
          start,
          steps,
          snapshots,
          transitions,
          endpoints,
          failure,
          observer);
    }
  }

  private static SocketKey key(Map<String, Object> e) {
    return new SocketKey(address(text(e, "local")), address(text(e, "remote")));
  }

  private static TcpState state(Object name) {
    if (name == null) {
      return null;
    }
    try {
      return TcpState.valueOf(name.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no TCP state is named " + name);
    }
  }

  private static List<TcpState> states(Object names) {
    if (!(names instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().map(JsonLinesReader::state).toList();
  }

  private static String text(Map<String, Object> e, String field) {
    Object value = e.get(field);
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value.toString();
  }

  private static double number(Map<String, Object> e, String field) {
    Object value = e.get(field);
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException("field '" + field + "' is not a number");
    }
    return n.doubleValue();
  }

  /** {@code 127.0.0.1:6666} or {@code [::1]:6666}; literals only, never a name lookup. */
  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("bad address '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && host.indexOf(':') < 0) {
      throw new IllegalArgumentException("bad address '" + text + "'");
    }
    try {
      return new InetSocketAddress(
          InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
    } catch (IOException | NumberFormatException ex) {
      throw new IllegalArgumentException("bad address '" + text + "'");
    }
  }

  private static String firstLine(Exception ex) {
    String message = String.valueOf(ex.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
