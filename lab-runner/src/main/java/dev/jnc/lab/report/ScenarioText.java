package dev.jnc.lab.report;

import dev.jnc.lab.scenario.Scenarios;
import dev.jnc.lab.scenario.Step;
import java.util.Map;

/**
 * A recorded run's own sentences (its summary, steps and snapshot captions) in the report's
 * language. A run records them in English; the Chinese is found through the scenario's step of the
 * same number, or the caption's text, and a sentence this build does not know (a recording made by
 * another version) stays as recorded.
 */
final class ScenarioText {

  private ScenarioText() {}

  private static final Map<String, String> ZH_SUMMARIES =
      Map.ofEntries(
          Map.entry(
              "the seed's experiment: LISTENING -> ESTABLISHED -> TIME_WAIT",
              "教程中的实验：LISTENING -> ESTABLISHED -> TIME_WAIT"),
          Map.entry(
              "the client closes first: FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT",
              "客户端先关闭：FIN_WAIT_1、FIN_WAIT_2、TIME_WAIT"),
          Map.entry("the server closes second: CLOSE_WAIT, LAST_ACK", "服务器后关闭：CLOSE_WAIT、LAST_ACK"),
          Map.entry(
              "FIN_WAIT_2 / CLOSE_WAIT held while data still flows one way",
              "数据仍单向流动时保持 FIN_WAIT_2 / CLOSE_WAIT"),
          Map.entry(
              "both FINs cross in flight: CLOSING on both ends, then TIME_WAIT on both ends",
              "两个 FIN 在途中交叉：两端都进入 CLOSING，然后两端都进入 TIME_WAIT"),
          Map.entry(
              "a FIN arrives before our own is acknowledged: CLOSING on the client, then TIME_WAIT"
                  + " on both ends",
              "自己的 FIN 尚未被确认时对端的 FIN 到达：客户端进入 CLOSING，然后两端都进入 TIME_WAIT"),
          Map.entry(
              "the accept queue is full, the SYN is dropped: SYN_SENT", "全连接队列已满，SYN 被丢弃：SYN_SENT"),
          Map.entry(
              "the server waits for data before it completes the handshake: SYN_RECEIVED on the server",
              "服务器等到数据到达才完成握手：服务器端处于 SYN_RECEIVED"),
          Map.entry(
              "the FIN waits behind data the peer does not read: FIN_WAIT_1",
              "FIN 排在对端不读取的数据之后：FIN_WAIT_1"),
          Map.entry(
              "the second closer waits for the ACK of its FIN: LAST_ACK",
              "后关闭的一端等待对其 FIN 的 ACK：LAST_ACK"),
          Map.entry(
              "a socket connects to its own port: ESTABLISHED, FIN_WAIT_1 held, TIME_WAIT (the"
                  + " trace also shows its simultaneous open)",
              "套接字连接到自己的端口：ESTABLISHED、保持 FIN_WAIT_1、TIME_WAIT（跟踪还能看到它的同时打开）"),
          Map.entry(
              "SO_LINGER=0 sends RST: straight to CLOSED, no TIME_WAIT",
              "SO_LINGER=0 发送 RST：直接进入 CLOSED，没有 TIME_WAIT"),
          Map.entry(
              "a bound socket that neither connects nor listens: CLOSED (netlink, Linux 6.5+)",
              "已绑定、既不连接也不监听的套接字：CLOSED（netlink，Linux 6.5+）"));

  private static final Map<String, String> ZH_CAPTIONS =
      Map.ofEntries(
          Map.entry("the server's socket is listening", "服务器的套接字正在监听"),
          Map.entry("both ends of the connection are established", "连接的两端都已建立"),
          Map.entry(
              "the server closed first, so its end waits in TIME_WAIT",
              "服务器先关闭，所以它这一端在 TIME_WAIT 中等待"),
          Map.entry(
              "the client's FIN waits behind data the server has not read",
              "客户端的 FIN 排在服务器尚未读取的数据之后"),
          Map.entry("the server read everything and acknowledged the FIN", "服务器读完了所有数据，并确认了 FIN"),
          Map.entry(
              "the server closed too: the client, which closed first, waits", "服务器也关闭了：先关闭的客户端在等待"),
          Map.entry(
              "the client closed first: the server end waits in CLOSE_WAIT",
              "客户端先关闭：服务器端在 CLOSE_WAIT 中等待"),
          Map.entry(
              "the server's FIN waits behind data the client has not read",
              "服务器的 FIN 排在客户端尚未读取的数据之后"),
          Map.entry(
              "the client acknowledged the FIN: the server end is gone", "客户端确认了 FIN：服务器端已消失"),
          Map.entry("the client is half-closed and still receives", "客户端已半关闭，仍在接收数据"),
          Map.entry("the server finished too", "服务器也结束了"),
          Map.entry(
              "both FINs crossed: each end has the other's FIN, not the ACK of its own",
              "两个 FIN 交叉而过：每一端都收到了对方的 FIN，却还没收到对自己 FIN 的 ACK"),
          Map.entry("both ends closed actively, so both wait", "两端都是主动关闭，所以两端都在等待"),
          Map.entry(
              "the client got the server's FIN before its own was acknowledged",
              "客户端在自己的 FIN 被确认之前收到了服务器的 FIN"),
          Map.entry(
              "the server never accepts; its accept queue is full (Linux holds one more than the"
                  + " backlog: two): the SYN is dropped, and would be sent again after a second",
              "服务器从不 accept；它的全连接队列已满（Linux 比 backlog 多容纳一个：两个）：SYN 被丢弃，一秒后才会重传"),
          Map.entry(
              "FIN sent as far as the client is concerned, not yet acknowledged",
              "在客户端看来 FIN 已发送，但尚未被确认"),
          Map.entry("the server read it all: the FIN is acknowledged", "服务器读完了全部数据：FIN 已被确认"),
          Map.entry(
              "the server closed second; its FIN is not acknowledged yet", "服务器后关闭；它的 FIN 尚未被确认"),
          Map.entry("acknowledged: the server end is CLOSED and gone", "已确认：服务器端进入 CLOSED 并消失"),
          Map.entry("one socket, both ends of the connection", "一个套接字，同时是连接的两端"),
          Map.entry("its FIN waits behind data it has not read itself", "它的 FIN 排在它自己尚未读取的数据之后"),
          Map.entry(
              "it read its own data and FIN; once its FIN was acknowledged: TIME_WAIT",
              "它读完了自己的数据和 FIN；自己的 FIN 被确认后：TIME_WAIT"),
          Map.entry("established", "已建立"),
          Map.entry("both ends are gone at once; nothing waits", "两端同时消失；没有一端在等待"),
          Map.entry("bound, not connected, not listening", "已绑定，未连接，未监听"),
          Map.entry(
              "the server holds the request in SYN_RECEIVED; its client is already ESTABLISHED",
              "服务器把连接请求保持在 SYN_RECEIVED；它的客户端已经处于 ESTABLISHED"),
          Map.entry(
              "the first byte completes the handshake on the server: ESTABLISHED",
              "第一个字节在服务器上完成了握手：ESTABLISHED"));

  static String summary(String summary, ReportLanguage language) {
    return language == ReportLanguage.ZH ? ZH_SUMMARIES.getOrDefault(summary, summary) : summary;
  }

  static String step(RecordedRun run, RecordedRun.StepRecord step, ReportLanguage language) {
    if (language != ReportLanguage.ZH) {
      return step.description();
    }
    // Two scenarios are named simultaneous-close; the one whose step reads the same made it.
    return Scenarios.allWithStandIns().stream()
        .filter(s -> s.name().equals(run.scenario()))
        .filter(s -> step.number() >= 1 && step.number() <= s.steps().size())
        .map(s -> s.steps().get(step.number() - 1))
        .filter(s -> s.describe().equals(step.description()))
        .findFirst()
        .map(ScenarioText::zh)
        .orElse(step.description());
  }

  static String caption(String caption, ReportLanguage language) {
    return language == ReportLanguage.ZH ? ZH_CAPTIONS.getOrDefault(caption, caption) : caption;
  }

  /** A step in Chinese, the names of endpoints and states as in the code and the tables. */
  static String zh(Step step) {
    return switch (step) {
      case Step.Listen s ->
          s.listener()
              + " 开始监听"
              + (s.backlog() != 50 ? "，全连接队列为 " + s.backlog() : "")
              + (s.receiveBuffer() != 0 ? "，接收缓冲区为 " + s.receiveBuffer() + " 字节" : "");
      case Step.DeferAccept s -> s.listener() + " 等到数据到达才完成握手（TCP_DEFER_ACCEPT）";
      case Step.Bind s -> s.endpoint() + " 绑定一个套接字，既不连接也不监听";
      case Step.Connect s ->
          s.client()
              + " 连接 "
              + s.listener()
              + (s.receiveBuffer() != 0 ? "，接收缓冲区为 " + s.receiveBuffer() + " 字节" : "");
      case Step.StartConnect s -> s.client() + " 开始连接 " + s.listener() + "，不等待完成";
      case Step.SelfConnect s -> s.endpoint() + " 绑定端口并连接到自己（同时打开）";
      case Step.Accept s -> s.listener() + " 接受一个连接，称为 " + s.connection();
      case Step.FillSendQueue s -> s.endpoint() + " 一直写到发送队列已满（对端不读取）";
      case Step.Send s -> s.endpoint() + " 发送 " + s.bytes() + " 字节";
      case Step.Receive s -> s.endpoint() + " 读取 " + s.bytes() + " 字节";
      case Step.ReadToEnd s -> s.endpoint() + " 一直读到对端的 FIN（流结束）";
      case Step.SlowLoopback s ->
          "私有回环接口降速到 "
              + s.bitsPerSecond()
              + " bit/s：报文段开始在队列中等待，一个小报文段约需 "
              + s.smallSegmentMillis()
              + " 毫秒";
      case Step.ShutdownOutput s -> s.endpoint() + " 关闭输出（FIN 排在尚未发出的数据之后；仍然读取）";
      case Step.StopListening s -> s.listener() + " 停止监听";
      case Step.Close s -> s.endpoint() + " 关闭套接字";
      case Step.Abort s -> s.endpoint() + " 中止连接（SO_LINGER=0 后关闭：发送 RST）";
      case Step.AwaitState s ->
          "等待 "
              + s.endpoint()
              + (s.side() == Step.Side.OWN ? " 的套接字" : " 的对端套接字")
              + "显示 "
              + s.state();
      case Step.AwaitGone s -> "等待 " + s.endpoint() + " 的套接字离开连接表（CLOSED）";
      case Step.Snapshot s -> caption(s.caption(), ReportLanguage.ZH);
    };
  }
}
