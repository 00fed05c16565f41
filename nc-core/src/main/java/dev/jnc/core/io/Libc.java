package dev.jnc.core.io;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * The C library's functions as method handles, where jnc calls native code at all: on 64-bit Linux,
 * with native access granted, so that the JVM never prints a warning. Each user links the few calls
 * it needs once and keeps them; linking is what costs.
 */
// Restricted methods are the point of this class; the launchers grant native access.
@SuppressWarnings("restricted")
public final class Libc {

  /** Makes a call record its {@code errno} in a segment of {@link #CALL_STATE}'s layout. */
  public static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  /** The layout of the segment a call with {@link #CAPTURE_ERRNO} takes first. */
  public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  /** The one shape of every {@link #wordCall}: six machine words in, one out. */
  private static final FunctionDescriptor WORDS =
      FunctionDescriptor.of(
          ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_LONG);

  private final Linker linker;
  private final SymbolLookup symbols;

  private Libc(Linker linker) {
    this.linker = linker;
    this.symbols = linker.defaultLookup();
  }

  /** The C library for code in {@code caller}'s module, or empty where it may not call it. */
  public static Optional<Libc> forModuleOf(Class<?> caller) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.startsWith("linux")
        || ValueLayout.ADDRESS.byteSize() != Long.BYTES
        || !caller.getModule().isNativeAccessEnabled()) {
      return Optional.empty();
    }
    return Optional.of(new Libc(Linker.nativeLinker()));
  }

  /**
   * A downcall to the library's function {@code name}.
   *
   * @throws IllegalStateException when the library has no such function
   */
  public MethodHandle function(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment address =
        symbols.find(name).orElseThrow(() -> new IllegalStateException("no " + name));
    return linker.downcallHandle(address, descriptor, options);
  }

  /**
   * The library's function {@code name} in the one shape all such calls share (see {@link
   * WordCall}), with {@link #CAPTURE_ERRNO}. The foreign-function API generates code once per shape
   * and run, which no cache keeps: interpreted, 8 calls of 8 shapes took 88-90 ms to link and 17 ms
   * to run once, the same calls in one shape 45 and 3 ms (measured), time a bulk receive spends
   * copying through our memory until its splice is ready.
   *
   * <p>On a 64-bit Linux ABI the first six integer arguments travel in registers, and a function
   * reads only those it declares.
   *
   * @throws IllegalStateException when the library has no such function
   */
  public WordCall wordCall(String name) {
    return new WordCall(function(name, WORDS, CAPTURE_ERRNO));
  }

  /**
   * What {@code strerror(3)} says of {@code errno}, e.g. {@code Permission denied}, for a message;
   * the number, should the library give no text at all.
   */
  public String strerror(int errno) {
    try (Arena arena = Arena.ofConfined()) {
      long text = wordCall("strerror").call(arena.allocate(CALL_STATE), errno);
      return text == 0
          ? "errno " + errno
          : MemorySegment.ofAddress(text).reinterpret(256).getString(0);
    }
  }

  /** The {@code errno} a call with {@link #CAPTURE_ERRNO} recorded in {@code state}. */
  public static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }
}
