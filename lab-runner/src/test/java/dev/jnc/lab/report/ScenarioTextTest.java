package dev.jnc.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.scenario.Scenario;
import dev.jnc.lab.scenario.Scenarios;
import dev.jnc.lab.scenario.Step;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code --lang zh} report says in Chinese what each scenario is and does. */
class ScenarioTextTest {

  static Stream<Scenario> scenarios() {
    return Scenarios.allWithStandIns().stream();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everySummaryStepAndCaptionHasItsChinese(Scenario scenario) {
    assertThat(ScenarioText.summary(scenario.summary(), ReportLanguage.ZH))
        .as(scenario.summary())
        .containsPattern("\\p{IsHan}");
    for (Step step : scenario.steps()) {
      assertThat(ScenarioText.zh(step)).as(step.describe()).containsPattern("\\p{IsHan}");
    }
    assertThat(ScenarioText.summary(scenario.summary(), ReportLanguage.EN))
        .isEqualTo(scenario.summary());
  }

  @Test
  void aZhReportTellsTheRunInChineseAndAnEnglishOneAsRecorded() throws Exception {
    List<RecordedRun> runs = RecordedRuns.load("handshake-demo.jsonl");
    RecordedRun run = runs.getFirst();
    RecordedRun.StepRecord first = run.steps().getFirst();

    String zh = new HtmlReport(StateNames.WINDOWS, ReportLanguage.ZH).render(runs);
    String en = new HtmlReport(StateNames.WINDOWS, ReportLanguage.EN).render(runs);

    assertThat(ScenarioText.step(run, first, ReportLanguage.ZH)).isEqualTo("server 开始监听");
    assertThat(zh)
        .contains("1. server 开始监听")
        .contains("服务器的套接字正在监听")
        .contains("客户端路径（主动打开/关闭）")
        .doesNotContain("client path (active open/close)");
    assertThat(en)
        .contains("1. " + first.description())
        .contains("the server's socket is listening");
  }

  @Test
  void aSentenceThisBuildDoesNotKnowStaysAsRecorded() {
    RecordedRun.StepRecord unknown = new RecordedRun.StepRecord(0, 1, "server does something new");
    RecordedRun run =
        new RecordedRun(
            "handshake-demo",
            "",
            List.of(),
            6666,
            0,
            List.of(unknown),
            List.of(),
            List.of(),
            Map.of(),
            null,
            "");

    assertThat(ScenarioText.step(run, unknown, ReportLanguage.ZH))
        .isEqualTo("server does something new");
    assertThat(ScenarioText.caption("a caption from elsewhere", ReportLanguage.ZH))
        .isEqualTo("a caption from elsewhere");
  }
}
