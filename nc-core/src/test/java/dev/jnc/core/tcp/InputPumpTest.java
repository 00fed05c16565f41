package dev.jnc.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stdin pump over a real pipe: its buffers are made when it reads, never more than its bound,
 * and a stream's are small until its input comes in bulk.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InputPumpTest {

  private static final int CHUNK = 64 * 1024;

  @Test
  void aPumpThatNeverStartsHoldsNoBuffer() throws Exception {
    Pipe pipe = Pipe.open();
    try (InputPump pump = new InputPump(pipe.source(), InputPump.STREAM_CHUNK, 2, "test-pump");
        InputPump empty = InputPump.empty()) {
      assertThat(pump.buffersMade()).isZero();
      assertThat(empty.buffersMade()).isZero();
      assertThat(InputPump.isEnd(empty.poll())).isTrue();
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  @Test
  void anInputAtItsEndAtOnceCostsOneBuffer() throws Exception {
    Pipe pipe = Pipe.open();
    pipe.sink().close();
    try (InputPump pump = new InputPump(pipe.source(), InputPump.STREAM_CHUNK, 2, "test-pump")) {
      pump.start();
      ByteBuffer chunk = nextChunk(pump);
      assertThat(InputPump.isEnd(chunk)).isTrue();
      assertThat(pump.buffersMade()).isEqualTo(1);
    } finally {
      pipe.source().close();
    }
  }

  @Test
  void aReaderThatFallsBehindStopsThePumpAtItsBoundAndLosesNothing() throws Exception {
    byte[] data = new byte[20 * CHUNK + 123];
    new Random(6).nextBytes(data);
    Pipe pipe = Pipe.open();
    Thread writer = writeAllAndClose(pipe, data);
    byte[] received;
    try (InputPump pump = new InputPump(pipe.source(), CHUNK, 3, "test-pump")) {
      pump.start();
      // Nothing taken yet: the pump fills its three buffers and waits for one back.
      await().atMost(Duration.ofSeconds(10)).until(pump::buffersMade, n -> n == 3);
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(pump::buffersMade, n -> n == 3);
      received = drain(pump, data.length, chunk -> {});
      assertThat(pump.buffersMade()).isEqualTo(3);
    } finally {
      writer.join(TimeUnit.SECONDS.toMillis(10));
      pipe.source().close();
    }
    assertThat(received).isEqualTo(data);
  }

  @Test
  void aStreamPumpReadsALineIntoSmallBuffers() throws Exception {
    Pipe pipe = Pipe.open();
    try (InputPump pump =
        new InputPump(pipe.source(), InputPump.STREAM_CHUNK, 2, "test-pump").stream()) {
      pump.start();
      pipe.sink().write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
      pipe.sink().close();

      ByteBuffer line = nextChunk(pump);
      assertThat(StandardCharsets.US_ASCII.decode(line.duplicate()).toString())
          .isEqualTo("hello\n");
      assertThat(line.capacity()).isEqualTo(InputPump.FIRST_STREAM_BUFFER);
      pump.release(line);
      ByteBuffer end = nextChunk(pump);
      assertThat(InputPump.isEnd(end)).isTrue();
      assertThat(pump.buffersMade()).isBetween(1, 2);
    } finally {
      pipe.source().close();
    }
  }

  @Test
  void aStreamPumpMovesToFullBuffersOnceAReadFillsASmallOneAndLosesNothing() throws Exception {
    byte[] data = new byte[8 * CHUNK + 321];
    new Random(7).nextBytes(data);
    Pipe pipe = Pipe.open();
    Thread writer = writeAllAndClose(pipe, data);
    byte[] received;
    List<Integer> capacities = new ArrayList<>();
    try (InputPump pump = new InputPump(pipe.source(), CHUNK, 2, "test-pump").stream()) {
      pump.start();
      received =
          drain(
              pump,
              data.length,
              chunk -> {
                capacities.add(chunk.capacity());
                assertThat(pump.buffersMade()).isLessThanOrEqualTo(2);
              });
    } finally {
      writer.join(TimeUnit.SECONDS.toMillis(10));
      pipe.source().close();
    }
    assertThat(received).isEqualTo(data);
    assertThat(capacities.getFirst()).isEqualTo(InputPump.FIRST_STREAM_BUFFER);
    assertThat(capacities.getLast()).isEqualTo(CHUNK);
  }

  @Test
  void aDatagramPumpReadsIntoFullBuffersFromTheFirstRead() throws Exception {
    Pipe pipe = Pipe.open();
    try (InputPump pump = new InputPump(pipe.source(), CHUNK, 2, "test-pump")) {
      pump.start();
      pipe.sink().write(ByteBuffer.wrap("one datagram".getBytes(StandardCharsets.US_ASCII)));
      pipe.sink().close();

      ByteBuffer chunk = nextChunk(pump);
      assertThat(chunk.capacity()).isEqualTo(CHUNK);
    } finally {
      pipe.source().close();
    }
  }

  /** The pump's next chunk, or its end, waited for up to 10 s. */
  private static ByteBuffer nextChunk(InputPump pump) {
    return await()
        .pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofSeconds(10))
        .until(pump::poll, Objects::nonNull);
  }

  /**
   * Takes the pump's chunks up to its end, shows each to {@code seen}, gives each back, and returns
   * their bytes. Each chunk holds at least a byte: the input's length bounds the loop.
   */
  private static byte[] drain(InputPump pump, int inputLength, Consumer<ByteBuffer> seen) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    for (int i = 0; i <= inputLength; i++) {
      ByteBuffer chunk = nextChunk(pump);
      if (InputPump.isEnd(chunk)) {
        break;
      }
      seen.accept(chunk);
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      received.writeBytes(bytes);
      pump.release(chunk);
    }
    return received.toByteArray();
  }

  private static Thread writeAllAndClose(Pipe pipe, byte[] data) {
    return Thread.ofPlatform()
        .start(
            () -> {
              try (var sink = pipe.sink()) {
                ByteBuffer rest = ByteBuffer.wrap(data);
                while (rest.hasRemaining()) {
                  sink.write(rest);
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }
}
