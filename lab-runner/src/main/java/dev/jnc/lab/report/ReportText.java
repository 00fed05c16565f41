package dev.jnc.lab.report;

import dev.jnc.lab.observe.TcpState;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every sentence of the HTML report, in English and Chinese: what each state means, and the
 * headings. Written for the lab, kept in one place so that the two languages stay in step.
 */
public final class ReportText {

  /** The report's headings and labels. */
  public enum Label {
    TITLE("TCP states observed by lab", "lab 观察到的 TCP 状态"),
    SCENARIO("Scenario", "场景"),
    DEMONSTRATES("What it demonstrates", "演示内容"),
    PROMISES("States it promises", "承诺展示的状态"),
    RESULT("Result", "结果"),
    OBSERVER("Observed with", "观察方式"),
    PASSED("passed: every promised state was observed", "通过：所有承诺的状态都已观察到"),
    FAILED("did not show what it promises", "未能展示承诺的状态"),
    DIAGRAM("The state diagram, with the path the kernel took", "状态图：内核实际走过的路径"),
    DIAGRAM_NOTE(
        "Numbered edges were taken, in the order first taken. Dark orange: the observer saw both"
            + " states. Light orange: the edge is inferred from the diagram, because a state"
            + " between two samples lasted microseconds, or the socket was first seen after it"
            + " (a listener already LISTENING, a connect already in SYN_SENT). Filled states were"
            + " seen, labelled with the end that was in them and the longest time it stayed.",
        "带编号的边是实际走过的，编号表示首次经过的顺序。深橙色：观察器看到了前后两个状态。浅橙色：这条边是根据状态图推断的，"
            + "因为两次采样之间的状态只持续了几微秒，或者第一次看到套接字时它已经走过了这条边（监听套接字已处于 LISTENING，"
            + "连接已处于 SYN_SENT）。填充的状态表示被观察到，并标出处于该状态的一端以及停留的最长时间。"),
    EDGES("Edges taken", "经过的边"),
    OBSERVED("observed", "观察到"),
    INFERRED("inferred", "推断"),
    TIMELINE("Timeline, both ends side by side", "时间线：两端并排"),
    TIME("Since the first step", "自第一步起"),
    STEP("Step", "步骤"),
    CLIENT("Client end", "客户端"),
    SERVER("Server end", "服务器端"),
    APPEARS("appears in", "出现，状态为"),
    LEAVES("leaves the table (CLOSED)", "从连接表中消失（CLOSED）"),
    SNAPSHOTS("What netstat shows", "netstat 显示的内容"),
    HIDDEN("rows on this port from other sockets, not shown", "行属于本端口上的其他套接字，未显示"),
    HIDDEN_ONE("row on this port from another socket, not shown", "行属于本端口上的其他套接字，未显示"),
    NO_ROWS("(no socket of this run on the port)", "（本次运行在该端口上没有套接字）"),
    UNLISTED_CLOSED(
        "(the CLOSED row is a socket that is bound and nothing more: netstat and ss -tan do not"
            + " list it; the lab asked the kernel for it over netlink)",
        "（CLOSED 这一行是只绑定了地址的套接字：netstat 和 ss -tan 都不会列出它；lab 通过 netlink 向内核查询得到）"),
    STATES("The states seen, and what they mean", "观察到的状态及其含义"),
    CHECKLIST("The eleven TCP states", "TCP 的十一个状态"),
    FIRST_SEEN("First seen", "首次出现"),
    SOCKET("Socket", "套接字"),
    SINCE_START("Since the first run began", "自第一次运行开始"),
    LEFT_TABLE("left the table", "从连接表中消失"),
    NOT_SEEN("not seen", "未观察到"),
    ALL_SEEN("all 11 states observed", "十一个状态全部观察到"),
    MISSING("not every state was observed", "并非所有状态都已观察到"),
    STATE("State", "状态"),
    END_CLIENT("client", "客户端"),
    END_SERVER("server", "服务器"),
    BOUND_SOCKET("bound socket", "已绑定的套接字"),
    NOT_SAMPLED("inferred, not sampled", "推断，未采样到"),
    LEGEND_CLIENT("client path (active open/close)", "客户端路径（主动打开/关闭）"),
    LEGEND_SERVER("server path (passive)", "服务器路径（被动）"),
    LEGEND_BOTH("both ends / other", "两端 / 其他"),
    LEGEND_OBSERVED("taken, observed", "经过，观察到"),
    LEGEND_INFERRED("taken, inferred (between samples)", "经过，推断（在两次采样之间）"),
    LEGEND_ABORT("abort: RST to CLOSED", "中止：RST 后进入 CLOSED"),
    SEEN_BY("seen at", "出现在"),
    GENERATED(
        "Made by lab on a real kernel; nothing in this page is simulated.",
        "由 lab 在真实内核上生成；本页内容没有任何模拟。");

    private final String en;
    private final String zh;

    Label(String en, String zh) {
      this.en = en;
      this.zh = zh;
    }

    public String in(ReportLanguage language) {
      return language == ReportLanguage.ZH ? zh : en;
    }
  }

  private static final Map<TcpState, String> EN = new EnumMap<>(TcpState.class);
  private static final Map<TcpState, String> ZH = new EnumMap<>(TcpState.class);

  static {
    explain(
        TcpState.CLOSED,
        "No connection. Here: a socket bound to a port that neither listens nor connects, or a"
            + " connection that has ended and left the kernel's table.",
        "没有连接。这里指一个已绑定端口、既不监听也不发起连接的套接字，或者一个已经结束、从内核连接表中消失的连接。");
    explain(
        TcpState.LISTEN,
        "A server socket waits for connection requests (SYNs) on its port. It has no peer yet, so"
            + " Windows netstat shows the foreign address as 0.0.0.0:0.",
        "服务器套接字在端口上等待连接请求（SYN）。它还没有对端，所以 Windows 的 netstat 把外部地址显示为 0.0.0.0:0。");
    explain(
        TcpState.SYN_SENT,
        "The client sent its SYN and waits for the server's SYN,ACK. On loopback this takes"
            + " microseconds; the lab's syn-backlog scenario holds it by filling the server's accept"
            + " queue, so that the SYN is dropped (the client would send it again after a second).",
        "客户端已发送 SYN，正在等待服务器的 SYN,ACK。在回环接口上这只需几微秒；实验的 syn-backlog 场景填满服务器的全连接队列，让 SYN 被丢弃（客户端一秒后才会重传），从而保持这个状态。");
    explain(
        TcpState.SYN_RECEIVED,
        "The server got a SYN, answered SYN,ACK and waits for the client's final ACK. The lab's"
            + " syn-received scenario holds it with TCP_DEFER_ACCEPT: the server's kernel drops that bare ACK and keeps"
            + " the connection half-open until the client's first data arrives, while the client"
            + " already counts itself ESTABLISHED.",
        "服务器收到 SYN 并回复了 SYN,ACK，正在等待客户端的最后一个 ACK。实验的 syn-received 场景用 TCP_DEFER_ACCEPT 保持这个状态：服务器内核丢弃这个不带数据的 ACK，直到客户端的第一批数据到达才完成握手，而客户端此时已认为自己处于 ESTABLISHED。");
    explain(
        TcpState.ESTABLISHED,
        "The three-way handshake is done: both ends can send and receive. Every working"
            + " connection is in this state.",
        "三次握手已完成，双方都可以收发数据。每一个正常工作的连接都处于这个状态。");
    explain(
        TcpState.FIN_WAIT_1,
        "This end closed first and sent its FIN, not yet acknowledged. The lab's fin-wait-1"
            + " scenario holds it by queueing the FIN behind data the peer does not read.",
        "本端先关闭并发送了 FIN，但尚未得到确认。实验的 fin-wait-1 场景把 FIN 排在对端不读取的数据之后，从而保持这个状态。");
    explain(
        TcpState.FIN_WAIT_2,
        "Our FIN was acknowledged; this end waits for the peer to close as well. The connection"
            + " is half-closed: the peer may still send data.",
        "本端的 FIN 已被确认，正在等待对端也关闭。连接处于半关闭状态：对端仍然可以发送数据。");
    explain(
        TcpState.CLOSE_WAIT,
        "The peer closed: its FIN arrived (Linux acknowledges it a few milliseconds later, so the"
            + " peer may still show FIN_WAIT_1 for a moment). This end may still send, but must"
            + " close; many sockets stuck here mean a program forgets to close them.",
        "对端已关闭：它的 FIN 已到达（Linux 会在几毫秒后才确认，所以对端可能短暂地仍显示 FIN_WAIT_1）。本端仍可发送数据，但必须关闭；大量套接字停在这里，通常说明程序忘了关闭连接。");
    explain(
        TcpState.CLOSING,
        "Both ends sent FIN at about the same time: this end got the peer's FIN before its own"
            + " FIN was acknowledged. A simultaneous close.",
        "双方几乎同时发送了 FIN：本端在自己的 FIN 被确认之前就收到了对端的 FIN，这就是同时关闭。");
    explain(
        TcpState.LAST_ACK,
        "This end closed second: it sent its FIN after the peer's and waits for the last ACK."
            + " Then the socket is gone, with no TIME_WAIT.",
        "本端后关闭：它在对端之后发送 FIN，正在等待最后一个 ACK。收到后套接字直接消失，不经过 TIME_WAIT。");
    explain(
        TcpState.TIME_WAIT,
        "The end that closed first (both ends, after a simultaneous close) waits twice the maximum"
            + " segment lifetime (60 s on Linux, 120 to 240 s on Windows): it can send the last"
            + " ACK again should the peer's FIN come again, and late segments of this connection"
            + " die out before its address pair is used again.",
        "先关闭的一端（同时关闭时两端都是）要等待两倍的最大报文段寿命（Linux 上 60 秒，Windows 上 120 到 240 秒）：若对端的 FIN 重传，它还能再发一次最后的 ACK；这个连接的迟到报文也会在这对地址再次使用之前消失。");
  }

  private ReportText() {}

  private static void explain(TcpState state, String en, String zh) {
    EN.put(state, en);
    ZH.put(state, zh);
  }

  /**
   * An edge's label in {@code language}: RFC 9293's event and action ({@code rcv SYN / snd ACK})
   * stay as the RFC writes them, in every language; the lab's own words are translated.
   */
  public static String edgeLabel(String label, ReportLanguage language) {
    if (language != ReportLanguage.ZH) {
      return label;
    }
    return switch (label) {
      case "close or timeout" -> "关闭或超时";
      case "abort (RST) or timeout" -> "中止（RST）或超时";
      default -> label;
    };
  }

  /** {@code peer of client}: the socket at the other end of a run's endpoint. */
  public static String peerOf(String endpoint, ReportLanguage language) {
    return language == ReportLanguage.ZH ? endpoint + " 的对端" : "peer of " + endpoint;
  }

  /** What the state means, in a sentence or two. */
  public static String meaning(TcpState state, ReportLanguage language) {
    return (language == ReportLanguage.ZH ? ZH : EN).get(state);
  }
}
