package dev.jnc.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnc.lab.observe.StateNames;
import dev.jnc.lab.observe.TcpState;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class SvgDiagramTest {

  @ParameterizedTest
  @ValueSource(strings = {"handshake-demo.jsonl", "all-states.jsonl"})
  void elevenStatesAndOneHighlightedEdgePerEdgeTheRunsTook(String fixture) throws Exception {
    RunPath path = PathMapper.map(RecordedRuns.load(fixture));

    Document svg = parse(new SvgDiagram(StateNames.WINDOWS).render(path, fixture));

    List<Element> states = byClass(svg, "g", "state");
    assertThat(states)
        .extracting(e -> e.getAttribute("data-state"))
        .containsExactlyElementsOf(TcpState.DIAGRAM_ORDER.stream().map(Enum::name).toList());
    assertThat(byClass(svg, "g", "state").stream().filter(e -> hasClass(e, "seen")))
        .extracting(e -> e.getAttribute("data-state"))
        .containsExactlyElementsOf(path.observedStates().stream().map(Enum::name).toList());
    List<Element> taken = byClass(svg, "g", "taken");
    assertThat(taken)
        .extracting(e -> e.getAttribute("data-edge"))
        .containsExactlyInAnyOrderElementsOf(
            path.takenEdges().stream().map(DiagramEdge::id).toList());
    for (Element edge : taken) {
      assertThat(hasClass(edge, "edge")).isTrue();
      assertThat(Integer.parseInt(edge.getAttribute("data-number")))
          .isBetween(1, path.takenEdges().size());
    }
    long figureEdgesTaken = path.takenEdges().stream().filter(DiagramEdge::inFigure).count();
    assertThat(byClass(svg, "g", "edge").size() - taken.size())
        .isEqualTo(StateDiagram.EDGES.size() - figureEdgesTaken);
  }

  /**
   * Under ss's names the diagram's CLOSED is still CLOSED: ss's UNCONN is a bound socket, the
   * diagram's CLOSED none at all ({@code LAST-ACK -> UNCONN} was drawn).
   */
  @org.junit.jupiter.api.Test
  void linuxNamesKeepTheDiagramsClosed() throws Exception {
    RunPath path = PathMapper.map(RecordedRuns.load("all-states.jsonl"));

    String svg = new SvgDiagram(StateNames.LINUX).render(path, "all-states");
    String terminal = new TerminalDiagram(StateNames.LINUX, false).render(path);

    assertThat(svg).contains(">CLOSED<").contains("LAST-ACK").doesNotContain("UNCONN");
    assertThat(terminal).contains("CLOSED").doesNotContain("UNCONN");
  }

  /**
   * Columns, not characters: {@code 客户端 113.7 ms · 服务器 152.9 ms} is 27 characters but 33 columns,
   * and spilt over its box.
   */
  @org.junit.jupiter.api.Test
  void chineseTimesAreSqueezedIntoTheirBox() throws Exception {
    RunPath path = PathMapper.map(RecordedRuns.load("all-states.jsonl"));

    Document svg =
        parse(new SvgDiagram(StateNames.WINDOWS, ReportLanguage.ZH).render(path, "all-states"));

    NodeList texts = svg.getElementsByTagName("text");
    List<Element> withBothEnds = new ArrayList<>();
    for (int i = 0; i < texts.getLength(); i++) {
      Element text = (Element) texts.item(i);
      // Both ends with a time: 29 columns at the least, where the box holds 28.
      if (text.getTextContent().matches(".*\\d m?s \u00b7 .*\\d m?s")) {
        withBothEnds.add(text);
      }
    }
    assertThat(withBothEnds)
        .isNotEmpty()
        .allSatisfy(text -> assertThat(text.getAttribute("textLength")).isNotEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"handshake-demo.jsonl", "all-states.jsonl"})
  void theSvgFetchesNothing(String fixture) throws Exception {
    String svg =
        new SvgDiagram(StateNames.WINDOWS)
            .render(PathMapper.map(RecordedRuns.load(fixture)), fixture);

    assertThat(svg.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http:")
        .doesNotContain("https:")
        .doesNotContain("href");
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  static List<Element> byClass(Document doc, String tag, String cssClass) {
    NodeList nodes = doc.getElementsByTagNameNS("*", tag);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (hasClass(e, cssClass)) {
        found.add(e);
      }
    }
    return found;
  }

  static boolean hasClass(Element e, String cssClass) {
    return List.of(e.getAttribute("class").split(" ")).contains(cssClass);
  }
}
