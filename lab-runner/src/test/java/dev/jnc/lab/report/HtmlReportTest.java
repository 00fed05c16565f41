package dev.jnc.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  @Test
  void everyStateSeenIsExplainedInTheChosenLanguage() throws Exception {
    List<RecordedRun> runs = RecordedRuns.load("all-states.jsonl");
    RunPath path = PathMapper.map(runs);

    String en = new HtmlReport(StateNames.WINDOWS, ReportLanguage.EN).render(runs);
    String zh = new HtmlReport(StateNames.WINDOWS, ReportLanguage.ZH).render(runs);

    assertThat(en).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
    assertThat(zh).startsWith("<!DOCTYPE html>\n<html lang=\"zh\">");
    assertThat(path.observedStates()).hasSize(11);
    for (TcpState state : path.observedStates()) {
      assertThat(en).contains(Xml.escape(ReportText.meaning(state, ReportLanguage.EN)));
      assertThat(zh).contains(Xml.escape(ReportText.meaning(state, ReportLanguage.ZH)));
    }
    assertThat(zh).contains("观察到的状态及其含义");
  }

  /**
   * Under ss's names the diagram's CLOSED, a socket gone, is CLOSED in the states seen and the
   * promises too, as in the diagram above them: the report said UNCONN, ss's word for a bound one.
   */
  @Test
  void linuxNamesKeepTheDiagramsClosedInTheStatesSeenAndPromised() throws Exception {
    RecordedRun reset = RecordedRuns.load("all-states.jsonl", "reset");

    String html = new HtmlReport(StateNames.LINUX, ReportLanguage.EN).render(List.of(reset));

    assertThat(html).contains("<dt data-state=\"CLOSED\">CLOSED ").contains("ESTAB, CLOSED");
    assertThat(html).doesNotContain("UNCONN");
  }

  /** The terminal's all-states checklist, in the report too: state, run, socket and when. */
  @Test
  void severalRunsGetTheElevenStateChecklistWithItsVerdict() throws Exception {
    List<RecordedRun> runs = RecordedRuns.load("all-states.jsonl");

    String html = new HtmlReport(StateNames.WINDOWS, ReportLanguage.EN).render(runs);
    String checklist =
        html.substring(
            html.indexOf("<h2>The eleven TCP states</h2>"),
            html.indexOf("</table>", html.indexOf("<h2>The eleven TCP states</h2>")));

    assertThat(checklist.split("<tr><td>", -1)).hasSize(12);
    assertThat(checklist)
        .contains("<tr><td>SYN_SENT</td><td><code>syn-backlog</code></td><td>127.0.0.1:")
        // Credited to the runs that hold them, not to the first that passed through them.
        .contains("<tr><td>SYN_RECEIVED</td><td><code>syn-received</code></td>")
        .contains("<tr><td>LAST_ACK</td><td><code>passive-close</code></td>")
        .doesNotContain("not seen");
    assertThat(html).contains("<span class=\"pass\">all 11 states observed</span>");
    assertThat(new HtmlReport(StateNames.WINDOWS, ReportLanguage.EN).render(runs.subList(0, 1)))
        .doesNotContain("The eleven TCP states");
  }

  /** A run records its observer; the report says it, and one from before that says nothing. */
  @Test
  void theReportNamesTheObserverThatSawTheStates() throws Exception {
    RecordedRun recorded = RecordedRuns.load("handshake-demo.jsonl").getFirst();
    RecordedRun withObserver =
        new RecordedRun(
            recorded.scenario(),
            recorded.summary(),
            recorded.demonstrates(),
            recorded.port(),
            recorded.startNanos(),
            recorded.steps(),
            recorded.snapshots(),
            recorded.transitions(),
            recorded.endpoints(),
            recorded.failure(),
            "netlink");

    assertThat(new HtmlReport(StateNames.WINDOWS, ReportLanguage.EN).render(List.of(withObserver)))
        .contains("<dt>Observed with</dt><dd><code>netlink</code></dd>");
    assertThat(new HtmlReport(StateNames.WINDOWS, ReportLanguage.EN).render(List.of(recorded)))
        .doesNotContain("Observed with");
  }

  @Test
  void thePageIsSelfContainedAndCarriesItsData() throws Exception {
    List<RecordedRun> runs = RecordedRuns.load("handshake-demo.jsonl");

    String html = new HtmlReport(StateNames.WINDOWS, ReportLanguage.EN).render(runs);

    assertThat(html)
        .doesNotContain("<link")
        .doesNotContain("src=")
        .doesNotContain("@import")
        .doesNotContain("url(http");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http");
    // Both ends' columns, and the seed's netstat lines.
    assertThat(html)
        .contains("<th>Client end</th>")
        .contains("<th>Server end</th>")
        .contains("&gt; netstat -an -p tcp | find &quot;6666&quot;")
        .contains("TCP    127.0.0.1:6666         0.0.0.0:0              LISTENING");
    String data =
        html.substring(
            html.indexOf("id=\"lab-data\">") + "id=\"lab-data\">".length(),
            html.lastIndexOf("</script>"));
    List<RecordedRun> back = JsonLinesReader.read(new StringReader(data.replace("<\\/", "</")));
    assertThat(back.getFirst().transitions()).hasSameSizeAs(runs.getFirst().transitions());
  }

  @Test
  void theDefaultLanguageFollowsTheLocale() {
    assertThat(ReportLanguage.forLocale(Locale.SIMPLIFIED_CHINESE)).isEqualTo(ReportLanguage.ZH);
    assertThat(ReportLanguage.forLocale(Locale.TRADITIONAL_CHINESE)).isEqualTo(ReportLanguage.ZH);
    assertThat(ReportLanguage.forLocale(Locale.GERMANY)).isEqualTo(ReportLanguage.EN);
  }
}
