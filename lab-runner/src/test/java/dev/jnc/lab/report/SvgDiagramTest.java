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
